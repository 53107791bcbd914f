// Fictitious clients of the (fictitious) municipality of Voorbeeldstad. Any likeness to real people is coincidence.
export const klanten = [
  { id: 1, naam: 'Anouk de Boer', geboren: '1987-03-14', bsn: '999990019', adres: 'Lindelaan 12', document: 'Paspoort NX8K4P2L1, geldig tot 12-05-2031' },
  { id: 2, naam: 'Mehmet Yılmaz', geboren: '1975-11-02', bsn: '999990020', adres: 'Kanaalstraat 88', document: 'Identiteitskaart IRT72K9M3, geldig tot 03-09-2028' },
  { id: 3, naam: 'Sanne Verbeek', geboren: '2011-06-21', bsn: '999990032', adres: 'Populierenhof 3', document: 'Paspoort NP4RT1KL8, verlopen op 20-06-2025', minderjarig: true },
  { id: 4, naam: 'Johannes (Hans) Kuipers', geboren: '1949-01-30', bsn: '999990044', adres: 'Molenweg 7', document: 'Rijbewijs 5102839411, geldig tot 30-01-2029' },
  { id: 5, naam: 'Fatima El Amrani', geboren: '1993-08-09', bsn: '999990056', adres: 'Stationsplein 21b', document: 'Paspoort NM2J8X4R7, geldig tot 18-11-2030' },
  { id: 6, naam: 'Pieter-Jan van Dijk', geboren: '1968-12-05', bsn: '999990068', adres: 'Dorpsstraat 140', document: 'Identiteitskaart IH9KD2L45, geldig tot 01-02-2027' },
  { id: 7, naam: 'Lotte Jansen', geboren: '2001-04-17', bsn: '999990071', adres: 'Weidebloem 9', document: 'Identiteitskaart IPL8V61Q2, geldig tot 22-04-2029' },
  { id: 8, naam: 'Ricardo Martins', geboren: '1982-07-26', bsn: '999990083', adres: 'Havenkade 4', document: 'Verblijfsdocument V4921837, geldig tot 15-10-2027' },
  { id: 9, naam: 'Ingrid Smit-Bakker', geboren: '1958-10-11', bsn: '999990095', adres: 'Kerkpad 2', document: 'Paspoort NJ7Y3ZC09, geldig tot 09-03-2026' },
  { id: 10, naam: 'Daan Visser', geboren: '2008-02-29', bsn: '999990101', adres: 'Lindelaan 45', document: 'Identiteitskaart IKR40MZ71, geldig tot 28-02-2027', minderjarig: true },
  { id: 11, naam: 'Wilhelmina Hoekstra', geboren: '1939-05-03', bsn: '999990113', adres: 'Zorgcentrum De Linde, kamer 14', document: 'Identiteitskaart IF2BX9L63, geldig tot 04-05-2034' },
  { id: 12, naam: 'Thomas Bakker', geboren: '1990-09-13', bsn: '999990125', adres: 'Spoorsingel 31', document: 'Rijbewijs 5209384712, geldig tot 12-09-2032' },
  { id: 13, naam: 'Nadia Ouali', geboren: '1998-01-08', bsn: '999990137', adres: 'Beukenlaan 60', document: 'Paspoort NR9W2K7D4, geldig tot 07-01-2033' },
  { id: 14, naam: 'Kees Mulder', geboren: '1971-03-22', bsn: '999990149', adres: 'Polderweg 1a', document: 'Identiteitskaart IJ5N7T2C8, verlopen op 21-03-2025' },
  { id: 15, naam: 'Emma de Graaf', geboren: '2015-11-30', bsn: '999990150', adres: 'Populierenhof 18', document: 'Geen document', minderjarig: true },
  { id: 16, naam: 'Yusuf Demir', geboren: '1985-06-04', bsn: '999990162', adres: 'Marktstraat 5', document: 'Paspoort NT6P1RX38, geldig tot 10-08-2029' },
  { id: 17, naam: 'Marieke Schouten', geboren: '1979-12-19', bsn: '999990174', adres: 'Gildeplein 11', document: 'Rijbewijs 5187263549, geldig tot 18-12-2026' },
  { id: 18, naam: 'Bram van Leeuwen', geboren: '1964-08-28', bsn: '999990186', adres: 'Oude Gracht 77', document: 'Paspoort NK3D9L2W6, geldig tot 27-08-2027' },
  { id: 19, naam: 'Aylin Kaya', geboren: '2006-10-02', bsn: '999990198', adres: 'Kanaalstraat 12', document: 'Identiteitskaart IX1M5R8P7, geldig tot 01-10-2026' },
  { id: 20, naam: 'Gerrit Dekker', geboren: '1952-04-15', bsn: '999990204', adres: 'Molenweg 22', document: 'Rijbewijs 4918273645, geldig tot 14-04-2027' },
  { id: 21, naam: 'Sophie Brouwer', geboren: '1995-02-07', bsn: '999990216', adres: 'Stationsplein 3', document: 'Paspoort NV8C2J5H1, geldig tot 06-02-2032' },
  { id: 22, naam: 'Olumide Adeyemi', geboren: '1988-05-25', bsn: '999990228', adres: 'Havenkade 19', document: 'Verblijfsdocument V5830291, geldig tot 30-06-2028' },
];

export function klant(id) {
  return klanten.find((k) => String(k.id) === String(id)) ?? null;
}

/** dd-mm-jjjj, as Dutch back offices show dates. */
export function datum(iso) {
  const [jaar, maand, dag] = iso.split('-');
  return `${dag}-${maand}-${jaar}`;
}

/** The BSN in groups (1234.56.789). */
export function bsn(nummer) {
  return `${nummer.slice(0, 4)}.${nummer.slice(4, 6)}.${nummer.slice(6)}`;
}
