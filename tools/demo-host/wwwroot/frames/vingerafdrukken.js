// The fingerprint device's widget (a stand-in): two prints, left and right index finger, with a quality score.
const status = document.getElementById('vingerafdruk-status');
const sensor = document.querySelector('.sensor');
const vingers = ['linkerwijsvinger', 'rechterwijsvinger'];
let opgenomen = 0;

document.getElementById('scan-starten').addEventListener('click', () => {
  if (opgenomen >= vingers.length) {
    return;
  }
  sensor.classList.add('bezig');
  status.textContent = `Bezig met de ${vingers[opgenomen]}…`;
  setTimeout(() => {
    sensor.classList.remove('bezig');
    opgenomen += 1;
    const kwaliteit = 78 + opgenomen * 7;
    status.textContent = opgenomen < vingers.length
      ? `Afdruk ${opgenomen} van 2 opgenomen (kwaliteit ${kwaliteit}); leg nu de ${vingers[opgenomen]} op de scanner`
      : `Beide afdrukken opgenomen (kwaliteit ${kwaliteit - 7} en ${kwaliteit})`;
  }, 700);
});

document.getElementById('scan-opnieuw').addEventListener('click', () => {
  opgenomen = 0;
  status.textContent = 'Gereed: leg de linkerwijsvinger op de scanner';
});
