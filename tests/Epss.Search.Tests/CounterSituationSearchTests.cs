using Epss.Search.Tests.Support;

namespace Epss.Search.Tests;

/// <summary>
/// Situations at the counter that a guide covers, typed as an official types them when something unusual happens:
/// colloquial words, abbreviations, half sentences. The guide that covers the situation is among the first three hits.
/// </summary>
public sealed class CounterSituationSearchTests(SampleContentFixture fixture) : IClassFixture<SampleContentFixture>
{
    [Theory]
    [InlineData("hologram klopt niet", "echtheid-document-controleren")]
    [InlineData("paspoort nep", "echtheid-document-controleren")]
    [InlineData("uv lamp", "echtheid-document-controleren")]
    [InlineData("tweede foto id kaart anders", "echtheid-document-controleren")]
    [InlineData("id-desk bellen", "echtheid-document-controleren")]
    [InlineData("foto lijkt niet op klant", "gezichtsvergelijking")]
    [InlineData("rps hit wat nu", "signalering-register")]
    [InlineData("signalering categorie 12", "signalering-register")]
    [InlineData("klant woont in buitenland paspoort", "niet-ingezetene")]
    [InlineData("niet ingeschreven in gemeente", "niet-ingezetene")]
    [InlineData("bedlegerig paspoort aanvragen", "aanvraag-buiten-het-gemeentehuis")]
    [InlineData("moeder in verpleeghuis id kaart", "aanvraag-buiten-het-gemeentehuis")]
    [InlineData("eindcontrole", "eindcontrole-verstrekken")]
    [InlineData("verstrekkingsbesluit nemen", "eindcontrole-verstrekken")]
    [InlineData("zending inklaren", "documenten-inklaren")]
    [InlineData("pakbon klopt niet", "documenten-inklaren")]
    [InlineData("rijbewijs morgen nodig", "rijbewijs-spoed")]
    [InlineData("tijdelijk rijbewijs", "rijbewijs-spoed")]
    [InlineData("buitenlands rijbewijs omwisselen", "buitenlands-rijbewijs-omwisselen")]
    [InlineData("pools rijbewijs omruilen", "buitenlands-rijbewijs-omwisselen")]
    [InlineData("rijbewijs 75 jaar", "rijbewijs-75-plus")]
    [InlineData("keuring rijbewijs vrachtwagen", "rijbewijs-75-plus")]
    [InlineData("vader trekt toestemming in", "toestemming-ingetrokken")]
    [InlineData("ex wil paspoort kind ongeldig", "toestemming-ingetrokken")]
    [InlineData("tweede paspoort", "tweede-paspoort")]
    [InlineData("paspoort ligt bij ambassade visum", "tweede-paspoort")]
    [InlineData("vluchtelingenpaspoort", "reisdocument-vluchteling-vreemdeling")]
    [InlineData("statushouder reisdocument", "reisdocument-vluchteling-vreemdeling")]
    [InlineData("paspoort overleden moeder inleveren", "document-overledene")]
    [InlineData("id kaart van overledene", "document-overledene")]
    [InlineData("begeleider praat voor klant", "begeleider-voert-het-woord")]
    [InlineData("mensenhandel", "begeleider-voert-het-woord")]
    [InlineData("klant bang man praat", "begeleider-voert-het-woord")]
    [InlineData("babyfoto ogen dicht", "pasfoto-beoordelen")]
    [InlineData("hoofddoek pasfoto", "pasfoto-beoordelen")]
    [InlineData("geen id rijbewijs aanvragen", "geen-geldig-identiteitsbewijs")]
    [InlineData("genaturaliseerd geen paspoort", "geen-geldig-identiteitsbewijs")]
    [InlineData("paspoort niet opgehaald 3 maanden", "reisdocument-uitreiken")]
    [InlineData("rijbewijs te laat opgehaald", "rijbewijs-uitreiken")]
    [InlineData("misdruk paspoort", "reisdocument-uitreiken")]
    [InlineData("noodpaspoort kind beide ouders", "spoedaanvraag")]
    [InlineData("vingerafdruk lukt niet gips", "vingerafdrukken-afnemen")]
    [InlineData("rijbewijs kwijt digid", "vermissing-melden")]
    [InlineData("3 keer kwijt", "vermissing-melden")]
    [InlineData("cmi telefoonnummer", "twijfel-aan-identiteit")]
    [InlineData("handtekening ouder toestemmingsformulier", "aanvraag-minderjarige")]
    public void Search_counter_situation_puts_the_guide_that_covers_it_in_the_first_three(string query, string expected)
    {
        var top = fixture.Session.Ids(query, limit: 3);

        Assert.True(top.Contains(expected), $"'{query}': expected {expected} in the first three, got {string.Join(", ", fixture.Session.Ids(query, limit: 6))}");
    }
}
