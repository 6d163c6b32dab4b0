#!/usr/bin/env python3
"""Generate a synthetic corpus of joint statements for benchmarks: invented names, fixture data.

    python benchmarks/generate_corpus.py --count 10000 --out /tmp/synth-10k \\
        [--seed 1] [--names 4000] [--force]

Each file has the shape of a real statement (date line or front matter, title, English and
Burmese prose, an optional declared total, "Signed by" and numbered lists that restart, wrap
and mix Burmese and English names). Every organisation and person is invented from parts.

Deterministic: the name pool depends on (seed, names) and statement i on (seed, names, i),
so the first 200 files of a 10,000-file run equal a 200-file run. Pure stdlib.

Other benchmark scripts:  sys.path.insert(0, str(Path(__file__).parent)); import generate_corpus
then ``generate_corpus.generate(count, out_dir)`` or ``iter_statements(count)`` (no disk).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from random import Random

# The reader skips README.md (corpus.NOT_STATEMENTS); any other .md would be read as a statement.
MARKER_NAME = "README.md"
MANIFEST_NAME = "synthetic-manifest.jsonl"  # one line per statement: the ground truth
POOL_NAME = "synthetic-organisations.jsonl"  # one line per invented organisation
FIRST_DAY, LAST_DAY = dt.date(2021, 2, 1), dt.date(2024, 12, 31)
DASH = "–"  # en dash, as in the real statements
MY_DIGITS = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")


def _pairs(text: str) -> list[tuple[str, str]]:
    """Read "English=Burmese | English=Burmese" (items also end at line breaks)."""
    items = (item.split("=") for item in re.split(r"[|\n]", text) if item.strip())
    return [(en.strip(), my.strip()) for en, my in items]


def _words(text: str) -> list[str]:
    """Read words separated by white space."""
    return text.split()


def _sentences(text: str) -> list[str]:
    """Read one sentence per line; an indented line continues the sentence above it."""
    sentences: list[str] = []
    for line in text.strip("\n").split("\n"):
        if line.startswith(" ") and sentences:
            sentences[-1] += " " + line.strip()
        elif line.strip():
            sentences.append(line.strip())
    return sentences


# ---------------------------------------------------------------------------------------------
# Name parts (English=Burmese). Towns are invented from syllables; regions are generic.
# ---------------------------------------------------------------------------------------------
SYLLABLES = _pairs("""
Kyauk=ကျောက် | Taung=တောင် | Myin=မြင် | Zin=ဇင် | Nyaung=ညောင် | Hsin=ဆင် | Thar=သာ
Kone=ကုန်း | Chaung=ချောင်း | Pin=ပင် | Shwe=ရွှေ | Ngwe=ငွေ | Yay=ရေ | Hla=လှ | Sein=စိန်
Htan=ထန်း | Lun=လွန်း | Mawk=မောက် | Tha=သ | Pyay=ပြေ | Kan=ကန် | Wa=ဝါ | Nant=နန့်
Thit=သစ် | Lay=လေး | Bo=ဘို | Oak=အုတ် | Phaw=ဖော | Hmaw=မှော် | Zay=ဈေး
""")
REAL_TOWNS = {"Taunggyi", "Shwebo", "Kyaukse", "Pyinmana", "Thayet", "Hmawbi", "Kyaukpyu"}
REGIONS = _pairs("""
Northern=မြောက်ပိုင်း | Southern=တောင်ပိုင်း | Eastern=အရှေ့ပိုင်း | Western=အနောက်ပိုင်း
Central=အလယ်ပိုင်း | Coastal=ကမ်းရိုးတန်း | Upper=အထက်ပိုင်း | Lower=အောက်ပိုင်း
Delta=မြစ်ဝကျွန်းပေါ် | Hill Country=တောင်တန်းဒေသ | Border Area=နယ်စပ်ဒေသ | Riverside=မြစ်ကမ်း
""")
THEMES = _pairs("""
Youth=လူငယ် | Women’s=အမျိုးသမီး | Farmers=လယ်သမား | Teachers=ဆရာ ဆရာမများ
Health Workers=ကျန်းမာရေးဝန်ထမ်း | Students=ကျောင်းသားများ | Environment=သဘာဝပတ်ဝန်းကျင်
Human Rights=လူ့အခွင့်အရေး | Relief=ကယ်ဆယ်ရေး | Workers’=အလုပ်သမား | Lawyers=ရှေ့နေ
Artists=အနုပညာရှင် | Poets=ကဗျာဆရာ | Engineers=အင်ဂျင်နီယာ | Nurses=သူနာပြု | Doctors=ဆရာဝန်
Civil Society=အရပ်ဖက် | Community=ရပ်ရွာ | Peace=ငြိမ်းချမ်းရေး | Education=ပညာရေး
Media=မီဒီယာ | Labour=လုပ်သား | People’s=ပြည်သူ | Backpack Medics=ကျောပိုးအိတ်ဆေး
Railway Workers=ရထားဝန်ထမ်း | Bank Workers=ဘဏ်ဝန်ထမ်း | Interfaith=ဘာသာပေါင်းစုံ
Literature=စာပေ | Legal Aid=ဥပဒေအကူအညီ | Fishers=ငါးဖမ်းသမား | Garment Workers=အထည်ချုပ်လုပ်သား
Student Alumni=ကျောင်းသားဟောင်း | Mothers=မိခင်
""")
FORMS = _pairs("""
Network=ကွန်ရက် | Union=သမဂ္ဂ | Association=အသင်း | Committee=ကော်မတီ | Council=ကောင်စီ
Organisation=အဖွဲ့အစည်း | Foundation=ဖောင်ဒေးရှင်း | Group=အဖွဲ့ | Alliance=မဟာမိတ်
Forum=ဖိုရမ် | Strike Column=သပိတ်စစ်ကြောင်း | Federation=အဖွဲ့ချုပ် | Centre=စင်တာ
Support Team=ထောက်ပံ့ရေးအဖွဲ့ | Collective=စုပေါင်းအဖွဲ့
""")
ADJECTIVES = _pairs("""
United=ပူးပေါင်း | Independent=လွတ်လပ် | Grassroots=အခြေခံ | Democratic=ဒီမိုကရေစီ
Progressive=တိုးတက် | Revolutionary=တော်လှန်ရေး | Spring=နွေဦး | Federal=ဖက်ဒရယ်
Rural=ကျေးလက် | New Generation=မျိုးဆက်သစ် | Frontline=ရှေ့တန်း | Joint=ပူးတွဲ
""")
CAUSES = _pairs("""
Democracy=ဒီမိုကရေစီ | Justice=တရားမျှတမှု | Peace=ငြိမ်းချမ်းရေး
Federal Democracy=ဖက်ဒရယ်ဒီမိုကရေစီ | Land Rights=မြေယာအခွင့်အရေး
Clean Rivers=သန့်ရှင်းသောမြစ်များ | Accountability=တာဝန်ခံမှု | Human Dignity=လူ့ဂုဏ်သိက္ခာ
Free Expression=လွတ်လပ်စွာထုတ်ဖော်ခွင့် | Education Rights=ပညာရေးအခွင့်အရေး
Political Prisoners=နိုင်ငံရေးအကျဉ်းသားများ | Displaced People=စစ်ဘေးရှောင်များ
Labour Rights=အလုပ်သမားအခွင့်အရေး
""")
POETIC = _pairs("""
Morning Star=မိုးသောက်ကြယ် | White Lotus=ကြာဖြူ | Silver Moon=ငွေလ | Spring Rain=နွေဦးမိုး
Peacock Wings=ဒေါင်းတောင်ပံ | Candle Flame=ဖယောင်းတိုင်မီး | River Voice=မြစ်သံ
Mountain Echo=တောင်ပဲ့တင်သံ | Green Leaf=သစ်ရွက်စိမ်း | Bamboo Bridge=ဝါးတံတား
Dawn Light=အရုဏ်ရောင် | Star Flower=ကြယ်ပွင့် | Lifeline=အသက်သွေးကြော
Helping Hands=ကူညီသောလက်များ | Open Door=ပွင့်သောတံခါး | Rice Bowl=ထမင်းပန်းကန်
""")
ABROAD = [
    en
    for en, _ in _pairs("""
Japan=ဂျပန် | Australia=ဩစတြေးလျ | USA=အမေရိကန် | UK=ယူကေ | Norway=နော်ဝေ | Canada=ကနေဒါ
Korea=ကိုရီးယား | Thailand=ထိုင်း | Malaysia=မလေးရှား | Germany=ဂျာမနီ | New Zealand=နယူးဇီလန်
Sydney=ဆစ်ဒနီ | Melbourne=မဲလ်ဘုန်း | Toronto=တိုရွန်တို | Calgary=ကယ်လ်ဂရီ | Tokyo=တိုကျို
Osaka=အိုဆာကာ | Seoul=ဆိုးလ် | Oslo=အော့စလို | Chiang Mai=ချင်းမိုင် | Mae Sot=မဲဆောက်
Singapore=စင်္ကာပူ | San Francisco=ဆန်ဖရန်စစ္စကို | Sacramento=ဆက်ကရမန်တို | London=လန်ဒန်
""")
]
# How organisations usually write their names: English only, Burmese only, or both.
LAYOUTS = ["en", "my", "my – en", "en (my)", "en my"]
LAYOUT_WEIGHTS = [50, 10, 30, 6, 4]
SMALL_WORDS = {"of", "for", "and", "the", "in"}
# Spellings seen for one organisation in real lists; a variant applies one of these.
SPELLINGS = _pairs("""
Organisation=Organization | Organization=Organisation | Centre=Center | Labour=Labor
Backpack=Back Pack | Grassroots=Grass Roots | Frontline=Front Line | Lifeline=Life Line
’=' | '=’
""")
PLURALS = re.compile(r"\b(Worker|Student|Teacher|Farmer|Nurse|Lawyer)(s?)\b(?![’'])")
HONORIFICS = _pairs("Ko=ကို | Ma=မ | U=ဦး | Daw=ဒေါ် | Dr.=ဒေါက်တာ")
PERSON_PARTS = _pairs("""
Zaw=ဇော် | Min=မင်း | Hnin=နှင်း | Wai=ဝေ | Khin=ခင် | Myat=မြတ် | Tun=ထွန်း | Lin=လင်း
Aung=အောင် | Kyaw=ကျော် | Htet=ထက် | Thu=သူ | Nyein=ငြိမ်း | Su=စု | Phyo=ဖြိုး | Thant=သန့်
Ye=ရဲ | Naing=နိုင် | Moe=မိုး | Ei=အိ | Hlaing=လှိုင် | Thet=သက် | Wint=ဝင့် | Mar=မာ
Pyae=ပြည့် | Sone=စုံ | Nandar=နန္ဒာ | Thiri=သီရိ | Yamin=ယမင်း | Zin=ဇင်
""")

# ---------------------------------------------------------------------------------------------
# Body vocabulary. Frame sentences carry the common words (the, military, people, junta);
# each statement's 1-3 topics carry mid-frequency words; RARE and invented villages the tail.
# ---------------------------------------------------------------------------------------------
ACTORS = _sentences("""
the military junta
the junta
the military council
the terrorist military council
the military regime
the regime
the coup regime
the so-called State Administration Council
the military
""")
PEOPLE = _sentences("""
the people of Myanmar
civilians
the people
local communities
ordinary people
displaced families
villagers
women and children
young people
farmers
students
health workers
teachers
people with disabilities
older people
""")
PLACES = _pairs("""
Sagaing Region=စစ်ကိုင်းတိုင်း | Magway Region=မကွေးတိုင်း | Mandalay Region=မန္တလေးတိုင်း
Yangon=ရန်ကုန် | Mandalay=မန္တလေး | Chin State=ချင်းပြည်နယ် | Karenni State=ကရင်နီပြည်နယ်
Kachin State=ကချင်ပြည်နယ် | Shan State=ရှမ်းပြည်နယ် | Rakhine State=ရခိုင်ပြည်နယ်
Tanintharyi Region=တနင်္သာရီတိုင်း | Bago Region=ပဲခူးတိုင်း | Ayeyarwady Region=ဧရာဝတီတိုင်း
Mon State=မွန်ပြည်နယ် | Karen State=ကရင်ပြည်နယ်
""")
ADDRESSEES = _sentences("""
the UN Security Council
ASEAN
the international community
all governments
neighbouring countries
foreign investors
the UN Special Envoy
donor governments
the European Union
UN member states
""")
LETTER_TO = ["the UN Security Council", "ASEAN Leaders", "the International Community"]
DEMANDS = _sentences("""
impose a comprehensive global arms embargo on the junta
stop the supply of jet fuel to the junta
impose targeted sanctions on the junta
refer the situation in Myanmar to the International Criminal Court
deliver humanitarian aid through local civil society organisations
refuse to recognise the junta as the government of Myanmar
protect refugees and stop all forced returns
press for the release of all political prisoners
cut the junta off from oil and gas revenue
engage with the National Unity Government and ethnic resistance organisations
""")
CRIMES = _sentences("""
torched villages
bombed schools and clinics
shelled camps for displaced people
arrested and tortured peaceful protesters
killed unarmed civilians
looted homes and burned food stores
used villagers as human shields
blocked food and medicine from reaching people in need
""")
RARE = _words("""
monsoon ledger remittance cartography turmeric sandbank jetty teak orchard palanquin tamarind
loom cistern ferry ravine paddy granary sluice terrace abbot pagoda tributary oxcart kiln
mangrove estuary foothill plateau thatch bamboo riverbank sawmill tollgate barracks checkpoint
ammunition shrapnel crater rubble stretcher tarpaulin ration dysentery malaria vaccination
midwife orphanage dormitory curfew informant roadblock landmine ordnance drone mortar convoy
outpost garrison warehouse pipeline refinery tanker dredging sediment cyanide mercury tailings
deforestation logging sawdust charcoal cardamom durian betel jaggery sesame groundnut rubber
plantation smallholder sharecropper moneylender microfinance cooperative vigil pamphlet
megaphone banner leaflet boycott walkout picket affidavit dossier subpoena tribunal
jurisprudence extradition complicity insurer underwriter freight bunkering transshipment
consignee broker intermediary hawala escrow procurement tender concession lease royalty
""")
# Zipf-like: the first rare word is in ~10 % of statements, the last in ~0.5 %.
RARE_CUMULATIVE = list(itertools.accumulate(1 / (rank + 5) for rank in range(len(RARE))))
# [topic] English title = Burmese topic phrase, then that topic's English sentences.
TOPICS_TEXT = """
[arms-embargo] a Global Arms Embargo = လက်နက်ပိတ်ဆို့မှု
We urge {addressee} to impose a comprehensive global arms embargo on the junta.
States that still sell weapons, military hardware and dual-use technology to the junta share
  responsibility for its crimes.
An arms embargo must also cover spare parts, surveillance equipment and {rare}.
Arms suppliers have continued to deliver aircraft and artillery despite clear evidence of
  attacks on civilians in {place}.
[jet-fuel] Jet Fuel Supplies to the Junta = လေယာဉ်ဆီ
The junta depends on imported jet fuel to carry out airstrikes against civilians.
Every shipment of aviation fuel that reaches the junta enables more attacks on villages,
  schools and clinics.
We call on companies that ship, store or insure jet fuel to end their business with the junta.
{Addressee} should sanction the suppliers, shippers and insurers of jet fuel.
[airstrikes] Airstrikes on Civilians in {place} = လေကြောင်းတိုက်ခိုက်မှု
The airstrike on {village} destroyed a school, a clinic and dozens of homes.
Fighter jets and helicopter gunships have bombed villages and monasteries in {place}.
Aerial bombardment has become the junta's main weapon against the resistance.
Survivors of the airstrike in {town} Township said the jets returned twice.
[humanitarian] Humanitarian Access in {place} = လူသားချင်းစာနာမှု အကူအညီ
Humanitarian access remains blocked in {place}, and aid workers face arrest.
Cross-border humanitarian aid through local organisations is the only way to reach many people
  in need.
{Addressee} must not channel humanitarian assistance through the junta.
Food, medicine and clean water are running short in displacement sites in {place}.
[refugees] the Protection of Refugees = ဒုက္ခသည်များ
Thousands of refugees have crossed the border in search of safety.
Refugees must not be pushed back or returned to Myanmar while they face persecution.
Internally displaced persons in {place} lack shelter, food and clean water.
Refugees from {town} described a journey of {n} days through the jungle.
[asean] ASEAN's Response to the Coup = အာဆီယံ
ASEAN's Five-Point Consensus has failed to stop the violence.
ASEAN must not invite representatives of the junta to its summits and meetings.
The ASEAN chair and the Special Envoy should engage with the National Unity Government and
  ethnic resistance organisations.
ASEAN cannot claim centrality while it ignores the people of Myanmar.
[sanctions] Targeted Sanctions = ပိတ်ဆို့အရေးယူမှု
Targeted sanctions must cut off the junta's access to oil and gas revenue and foreign currency.
Sanctions should cover state-owned enterprises, banks and the business networks of military
  leaders.
Governments must coordinate sanctions so that the junta cannot evade them through third
  countries.
[accountability] Accountability for Atrocity Crimes = တာဝန်ခံမှု
The International Criminal Court and courts of universal jurisdiction must pursue the junta's
  leaders.
Impunity has allowed the military to commit atrocities for decades.
Local groups document these crimes at great personal risk, preserving every {rare} and
  testimony.
[political-prisoners] Political Prisoners = နိုင်ငံရေးအကျဉ်းသားများ
More than {bign} political prisoners remain behind bars, many of them tortured in
  interrogation centres.
We demand the immediate and unconditional release of all political prisoners.
The execution of pro-democracy activists shows the junta's contempt for life.
[sham-election] the Junta's Sham Election = အတုအယောင်ရွေးကောက်ပွဲ
The junta's planned sham election cannot be free or fair while its opponents are jailed or
  killed.
No government should recognise the results of an election staged by the military.
[conscription] Forced Conscription = အတင်းအဓမ္မ စစ်မှုထမ်းစေမှု
The junta's conscription law has forced thousands of young people to flee.
Forced recruitment of civilians as porters and human shields is a war crime.
[education] Attacks on Schools = ပညာရေး
Teachers and students who joined the Civil Disobedience Movement still face arrest.
Community schools in {place} give children a chance to keep learning.
[health] Attacks on Health Workers = ကျန်းမာရေးဝန်ထမ်းများ
Health workers who treat the wounded have been arrested and their clinics raided.
Hospitals in {place} have been shelled and occupied by junta troops.
[land] Land Confiscation and Mining = မြေယာသိမ်းဆည်းမှု
Unregulated mining for jade, gold and rare earth minerals is destroying rivers and forests in
  {place}.
Land confiscation by military-linked companies has driven farmers from their fields near
  {town}.
[internet] Internet Shutdowns = အင်တာနက်ဖြတ်တောက်မှု
Internet shutdowns in {place} hide the junta's crimes from the world.
Journalists have been arrested and independent media outlets banned.
[women] Sexual Violence by Junta Troops = အမျိုးသမီးများ၏ လုံခြုံရေး
Women human rights defenders face sexual violence and threats in detention.
Survivors of gender-based violence need protection and access to justice.
[federal] the Spring Revolution = နွေဦးတော်လှန်ရေး
We support a federal democratic union that guarantees equality for all ethnic nationalities.
The Spring Revolution is the people's struggle to end military rule for good.
"""


@dataclass(frozen=True)
class Topic:
    """A subject a statement is about: where its mid-frequency words come from."""

    title: str  # English, may hold {place}
    burmese: str
    sentences: tuple[str, ...]


def _topics(text: str) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for block in re.split(r"^\[", text.strip(), flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        key, _, names = head.partition("] ")
        title, _, burmese = names.partition(" = ")
        topics[key] = Topic(title, burmese, tuple(_sentences(body)))
    return topics


TOPICS = _topics(TOPICS_TEXT)
# Popular topics first: the weights give them mid frequency (~10-30 % of statements).
TOPIC_WEIGHTS = [9, 8, 9, 9, 7, 7, 7, 5, 5, 3, 3, 3, 3, 2, 2, 2, 4]
GENERAL_EN = _sentences("""
Since the attempted coup of 1 February 2021, {actor} has {crime} across the country.
{Actor} has no legitimacy and does not represent the people of Myanmar.
The people have rejected military rule again and again, and they continue to resist the junta
  in every part of the country.
We condemn in the strongest terms the atrocities committed by {actor} in {place}.
On {day}, {actor} attacked {village} village in {town} Township, {place}, killing at least {n}
  people, including {m} children.
These attacks amount to war crimes and crimes against humanity, and those responsible must be
  held to account.
We call on {addressee} to {demand}.
{Addressee} must {demand} without further delay.
Every day of inaction allows {actor} to continue its campaign of terror against {people}.
According to local sources, more than {bign} people have been forced to flee their homes in
  {place} since {month}.
Residents of {town} listed the {rare} among the things they lost.
{People} in {town} told us that they no longer feel safe in their own homes.
We stand in solidarity with {people} who continue to resist the junta.
The international community cannot remain silent while {actor} {crime}.
Words of concern are not enough; the people of Myanmar need action now.
{Actor} continues to use fear, arrests and violence to control {people}.
In {place}, {people} have organised to share food, shelter and even {rare}.
The military has ruled through violence for decades, and the people will not accept it again.
We, the people of Myanmar, will not give up our struggle for democracy and justice.
The situation in {place} is getting worse every day.
""")
GENERAL_MY = _sentences("""
{actor}သည် {place}တွင် {crime}များကို ဆက်လက်ကျူးလွန်နေသည်။
{actor}၏ {crime}ကြောင့် {people}သည် နေအိမ်များမှ ထွက်ပြေးတိမ်းရှောင်ခဲ့ရသည်။
ကျွန်ုပ်တို့သည် {actor}၏ {crime}ကို ပြင်းထန်စွာ ရှုတ်ချသည်။
{addressee}အနေဖြင့် {demand} တောင်းဆိုအပ်ပါသည်။
{people}နှင့် {people2}၏ အသက်အိုးအိမ်များကို ကာကွယ်ရန် လိုအပ်သည်။
{people}သည် နွေဦးတော်လှန်ရေးကို ဆက်လက်ထောက်ခံသည်။
{place}ရှိ {people}၏ လူ့အခွင့်အရေးကို လေးစားရမည်။
လေယာဉ်ဆီနှင့် လက်နက်များ ရောင်းချမှုကို ချက်ချင်း ရပ်တန့်ရမည်။
{place}တွင် လေကြောင်းတိုက်ခိုက်မှုကြောင့် အရပ်သား {n} ဦး သေဆုံးခဲ့သည်။
ဖက်ဒရယ်ဒီမိုကရေစီ ပြည်ထောင်စု တည်ဆောက်ရေးအတွက် ကျွန်ုပ်တို့ ပူးပေါင်းဆောင်ရွက်သွားမည်။
{actor}သည် ပြည်သူ၏ ဆန္ဒကို ဆန့်ကျင်၍ အာဏာသိမ်းခဲ့သည်။
အာဆီယံ၏ သဘောတူညီချက် ငါးချက်သည် အကြမ်းဖက်မှုကို မရပ်တန့်နိုင်ခဲ့ပါ။
{place}ရှိ စစ်ဘေးရှောင်စခန်းများတွင် စားနပ်ရိက္ခာနှင့် ဆေးဝါး ပြတ်လပ်နေသည်။
ကျောင်းသားများနှင့် ဆရာ ဆရာမများသည် သပိတ်စစ်ကြောင်းများတွင် ပါဝင်ခဲ့ကြသည်။
နိုင်ငံတကာ အသိုင်းအဝိုင်းသည် {actor}ကို တာဝန်ခံစေရန် ဆောင်ရွက်ရမည်။
{people}၏ ဘေးကင်းလုံခြုံရေးသည် ကျွန်ုပ်တို့၏ ဦးစားပေးဖြစ်သည်။
{topic}နှင့် ပတ်သက်၍ {addressee}သည် ချက်ချင်း အရေးယူဆောင်ရွက်ရမည်။
ဒုက္ခသည်များကို နိုင်ငံတွင်းသို့ အတင်းအဓမ္မ ပြန်လည်ပို့ဆောင်ခြင်း မပြုရ။
ရန်ကုန်နှင့် မန္တလေးမြို့များတွင် လူငယ်များကို အကြောင်းမဲ့ ဖမ်းဆီးနေသည်။
{place}မှ {people}သည် {topic}ကြောင့် ကြီးမားသော ဆင်းရဲဒုက္ခကို ခံစားနေရသည်။
""")
ACTORS_MY = _words("စစ်ကောင်စီ အကြမ်းဖက်စစ်ကောင်စီ စစ်အုပ်စု စစ်တပ် စစ်ကောင်စီတပ်များ")
PEOPLE_MY = _sentences("""
ပြည်သူ
ပြည်သူများ
အရပ်သားများ
ကျောင်းသားများ
ဒုက္ခသည်များ
စစ်ဘေးရှောင်များ
ကလေးငယ်များ
အမျိုးသမီးများ
လယ်သမားများ
ကျန်းမာရေးဝန်ထမ်းများ
ဆရာ ဆရာမများ
""")
CRIMES_MY = _words("""
လေကြောင်းတိုက်ခိုက်မှု အကြမ်းဖက်မှု လူ့အခွင့်အရေးချိုးဖောက်မှု ရွာမီးရှို့မှု
အစုလိုက်အပြုံလိုက်သတ်ဖြတ်မှု ဖမ်းဆီးထိန်းသိမ်းမှု စစ်ရာဇဝတ်မှု ညှဉ်းပန်းနှိပ်စက်မှု
""")
ADDRESSEES_MY = _sentences("""
ကုလသမဂ္ဂ လုံခြုံရေးကောင်စီ
အာဆီယံ
နိုင်ငံတကာ အသိုင်းအဝိုင်း
အိမ်နီးချင်းနိုင်ငံများ
နိုင်ငံတကာ အစိုးရများ
""")
DEMANDS_MY = _sentences("""
လက်နက်ပိတ်ဆို့မှု ချမှတ်ရန်
လေယာဉ်ဆီ တင်သွင်းမှုကို ရပ်တန့်ရန်
ပစ်မှတ်ထား ပိတ်ဆို့အရေးယူမှုများ ချမှတ်ရန်
စစ်ကောင်စီကို အသိအမှတ်မပြုရန်
လူသားချင်းစာနာမှု အကူအညီများကို နယ်စပ်ဖြတ်ကျော်၍ ပေးပို့ရန်
နိုင်ငံရေးအကျဉ်းသားများအားလုံးကို ချက်ချင်း လွှတ်ပေးရန်
ဒုက္ခသည်များကို ကာကွယ်ပေးရန်
""")
MONTHS_MY = _words("""
ဇန်နဝါရီ ဖေဖော်ဝါရီ မတ် ဧပြီ မေ ဇွန် ဇူလိုင် ဩဂုတ် စက်တင်ဘာ အောက်တိုဘာ နိုဝင်ဘာ ဒီဇင်ဘာ
""")
# A wrapped line must not read as a heading.
HEADING_WORDS = set(
    _words("individuals organisation organisations organization organizations signatories")
) | {"signed", "by", "endorsed"}
HEADINGS = [
    ("Signed by", 58),
    ("Endorsed by", 12),
    ("Signatories:", 10),
    ("Signed by the following organisations:", 8),
    ("လက်မှတ်ရေးထိုးသူများ", 12),
]


@dataclass(frozen=True)
class Organisation:
    """One invented organisation and how it is usually written."""

    id: int
    english: str | None  # "Kyaukzin Youth Network"; None when only a Burmese name exists
    burmese: tuple[str, ...]  # parts, joined with ``join``: ("ကျောက်ဇင်", "လူငယ်", "ကွန်ရက်")
    join: str  # "" or " ": how the Burmese parts are usually written
    acronym: str | None
    acronym_dashed: bool  # "Name – ACR" rather than "Name (ACR)"
    qualifier: str | None  # "(Sydney)" or "– Toronto", written after the English name
    layout: str  # "en", "my", "my – en", "en (my)", "en my"

    def render(
        self, *, join: str | None = None, dashed: bool | None = None, layout: str | None = None
    ) -> str:
        """Write the name, by default as the organisation usually writes it."""
        layout = layout or self.layout
        my = (self.join if join is None else join).join(self.burmese)
        if layout == "my":
            return my
        en = self.english or ""
        if self.qualifier:
            en += " " + self.qualifier
        if self.acronym:
            if self.acronym_dashed if dashed is None else dashed:
                en += f" {DASH} {self.acronym}"
            else:
                en += f" ({self.acronym})"
        if layout == "en":
            return en
        if layout == "en (my)":
            return f"{en} ({my})"
        if layout == "en my":
            return f"{en} {my}"
        return f"{my} {DASH} {en}"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.render(),
            "english": self.english,
            "burmese": self.join.join(self.burmese) or None,
            "acronym": self.acronym,
            "qualifier": self.qualifier,
        }


@dataclass(frozen=True)
class Summary:
    """What one run produced."""

    out_dir: str
    files: int
    bytes: int
    signatures: int  # organisation entries across all files
    individuals: int
    organisations: int  # size of the invented name pool
    distinct_signers: int  # pool organisations that signed at least once
    seconds: float

    @property
    def megabytes(self) -> float:
        return self.bytes / 1_000_000


@dataclass(frozen=True)
class GeneratedStatement:
    """One generated file and its ground truth (what a parser should find)."""

    file_name: str
    text: str
    date: dt.date
    title: str | None
    declared_total: int | None
    organisations: tuple[tuple[int, str], ...]  # (pool id, name exactly as written)
    individuals: tuple[str, ...]

    def to_record(self) -> dict[str, object]:
        return {
            "file": self.file_name,
            "id": self.file_name.removesuffix(".txt"),
            "date": self.date.isoformat(),
            "title": self.title,
            "declared_total": self.declared_total,
            "organisations": [list(o) for o in self.organisations],
            "individuals": list(self.individuals),
        }


# ---------------------------------------------------------------------------------------------
# The name pool
# ---------------------------------------------------------------------------------------------
def _invent_towns(seed: int, count: int = 90) -> list[tuple[str, str]]:
    """Invent town names (English=Burmese) from syllables, avoiding a few real towns."""
    rng = Random(f"towns:{seed}")
    towns: dict[str, str] = {}
    while len(towns) < count:
        (a, a_my), (b, b_my) = rng.sample(SYLLABLES, 2)
        en = a + b.lower() if rng.random() < 0.6 else f"{a} {b}"
        if en.replace(" ", "") not in REAL_TOWNS:
            towns.setdefault(en, a_my + b_my)
    return list(towns.items())


def _acronym(english: str) -> str | None:
    letters = "".join(w[0] for w in english.replace("-", " ").split() if w not in SMALL_WORDS)
    return letters.upper() if 2 <= len(letters) <= 6 else None


def _fold(text: str) -> str:
    """A key that every spelling variant of a name shares (to refuse look-alike inventions)."""
    text = text.casefold().replace("organization", "organisation").replace("center", "centre")
    text = text.replace("labor", "labour")
    text = re.sub(r"(worker|student|teacher|farmer|nurse|lawyer)s\b", r"\1", text)
    return re.sub(r"[\W_]+", "", text)


def _invent_name(rng: Random, towns: list[tuple[str, str]]) -> tuple[str, tuple[str, ...]]:
    """Return (English name, Burmese parts) of one invented organisation."""
    theme, theme_my = rng.choice(THEMES)
    form, form_my = rng.choice(FORMS)
    town, town_my = rng.choice(towns)
    place, place_my = (town, town_my) if rng.random() < 0.75 else rng.choice(REGIONS)
    roll = rng.random()
    if roll < 0.40:
        if rng.random() < 0.3:
            adj, adj_my = rng.choice(ADJECTIVES)
            return f"{place} {adj} {theme} {form}", (place_my, adj_my, theme_my, form_my)
        return f"{place} {theme} {form}", (place_my, theme_my, form_my)
    if roll < 0.55:
        return f"{theme} {form} of {town}", (town_my, theme_my, form_my)
    if roll < 0.70:
        region, region_my = rng.choice(REGIONS)
        return f"{region} {theme} {form}", (region_my, theme_my, form_my)
    if roll < 0.80:
        cause, cause_my = rng.choice(CAUSES)
        return f"{re.sub('’s?$', '', theme)} for {cause} {form}", (
            cause_my + "အတွက်",
            theme_my,
            form_my,
        )
    if roll < 0.90:
        cause, cause_my = rng.choice(CAUSES)
        return f"{form} for {cause} in {town}", (town_my, cause_my, form_my)
    poetic, poetic_my = rng.choice(POETIC)
    if rng.random() < 0.5:
        return f"{place} {poetic} {form}", (place_my, poetic_my, form_my)
    return f"{poetic} {form}", (poetic_my, form_my)


def build_pool(seed: int = 1, names: int = 4000) -> list[Organisation]:
    """Invent ``names`` distinct organisations; no two share an English or a Burmese key."""
    rng = Random(f"pool:{seed}:{names}")
    towns = _invent_towns(seed)
    pool: list[Organisation] = []
    used: set[str] = set()
    attempts = 0
    while len(pool) < names:
        attempts += 1
        if attempts > names * 60:
            raise ValueError(f"cannot invent {names} distinct organisation names")
        english, burmese = _invent_name(rng, towns)
        layout = rng.choices(LAYOUTS, weights=LAYOUT_WEIGHTS)[0]
        branches: list[str | None] = [None]
        if layout != "my" and rng.random() < 0.12:  # branches: one name, different places
            branches = [
                f"({q})" if rng.random() < 0.6 else f"{DASH} {q}"
                for q in rng.sample(ABROAD, rng.choice((1, 1, 2, 3)))
            ]
        acronym = _acronym(english) if layout != "my" and rng.random() < 0.4 else None
        for qualifier in branches:
            if len(pool) == names:
                break
            en_key = "en:" + _fold(f"{english} {qualifier or ''}")
            my_key = "my:" + _fold("".join(burmese) + (qualifier or ""))
            # Both keys even when one language is not shown: a translation is the same name.
            keys = {en_key, my_key}
            if keys & used:
                continue
            used |= keys
            pool.append(
                Organisation(
                    id=len(pool) + 1,
                    english=english if layout != "my" else None,
                    burmese=burmese,
                    join=" " if rng.random() < 0.3 else "",
                    acronym=acronym,
                    acronym_dashed=not qualifier and rng.random() < 0.3,
                    qualifier=qualifier if layout != "my" else None,
                    layout=layout,
                )
            )
    rng.shuffle(pool)  # popularity must not follow invention order
    return pool


def spelling_variant(org: Organisation, rng: Random) -> str:
    """Write the name the way ~10 % of signings do: one small difference from the usual."""
    usual = org.render()
    options: list[Callable[[], str]] = []
    for old, new in SPELLINGS:
        if old in usual:
            options.append(lambda old=old, new=new: usual.replace(old, new))
    if PLURALS.search(usual):
        options.append(lambda: PLURALS.sub(lambda m: m[1] + ("" if m[2] else "s"), usual, 1))
    if org.acronym:
        options.append(lambda: org.render(dashed=not org.acronym_dashed))
    if len(org.burmese) > 1 and org.layout != "en":
        options.append(lambda: org.render(join="" if org.join else " "))
    if org.layout not in ("en", "my"):
        options.append(lambda: org.render(layout=rng.choice(("en", "my"))))
    rng.shuffle(options)
    for option in options:
        name = option()
        if name != usual:
            return name
    return usual


# ---------------------------------------------------------------------------------------------
# Statements
# ---------------------------------------------------------------------------------------------
def _zipf_cumulative(size: int, exponent: float = 1.2, offset: float = 60.0) -> list[float]:
    """Cumulative Zipf-like weights.

    With 4,000 names and ~100 signatories a statement, the most popular organisation signs
    ~40 % of statements, the 100th ~17 %, the 1,000th ~2 %, the last ~0.3 %.
    """
    return list(itertools.accumulate((rank + offset) ** -exponent for rank in range(size)))


def _signatory_count(rng: Random) -> int:
    roll = rng.random()
    if roll < 0.06:
        return rng.randint(10, 19)
    if roll < 0.86:
        return int(rng.triangular(20, 150, 45))
    if roll < 0.95:
        return rng.randint(151, 299)
    return rng.randint(300, 400)


def _english_date(day: dt.date, rng: Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return f"{day.day} {day:%B %Y}"
    if roll < 0.82:
        return f"{day:%B} {day.day}, {day.year}"
    return day.isoformat()


def _burmese_date(day: dt.date) -> str:
    year, dom = str(day.year).translate(MY_DIGITS), str(day.day).translate(MY_DIGITS)
    return f"{year} ခုနှစ်၊ {MONTHS_MY[day.month - 1]}လ {dom} ရက်"


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'s", ""))
    return "-".join(w for w in words if w not in SMALL_WORDS)[:48].strip("-") or "statement"


class _Writer:
    """Fills sentence templates for one statement (its topics, places and rare words)."""

    def __init__(
        self, rng: Random, topics: list[str], towns: list[tuple[str, str]], dated: dt.date
    ) -> None:
        self.rng, self.topics, self.towns, self.dated = rng, topics, towns, dated
        self.place = rng.choice(PLACES)
        self.deck: list[str] = []

    def _slots(self) -> dict[str, str]:
        rng = self.rng
        place = self.place if rng.random() < 0.6 else rng.choice(PLACES)
        day = FIRST_DAY + dt.timedelta(days=rng.randrange((self.dated - FIRST_DAY).days + 1))
        killed = rng.randint(3, 60)
        actor, addressee, people = rng.choice(ACTORS), rng.choice(ADDRESSEES), rng.choice(PEOPLE)
        rare = rng.choices(RARE, cum_weights=RARE_CUMULATIVE)[0]
        town = rng.choice(self.towns)[0]
        return {
            "actor": actor,
            "Actor": actor[0].upper() + actor[1:],
            "people": people,
            "People": people[0].upper() + people[1:],
            "addressee": addressee,
            "Addressee": addressee[0].upper() + addressee[1:],
            "demand": rng.choice(DEMANDS),
            "crime": rng.choice(CRIMES),
            "place": place[0],
            "town": town,
            "village": rng.choice(SYLLABLES)[0] + rng.choice(SYLLABLES)[0].lower(),
            "rare": rare,
            "n": str(killed),
            "m": str(rng.randint(1, min(12, killed - 1))),
            "bign": f"{rng.randint(2, 90) * 1000:,}",
            "day": f"{day.day} {day:%B %Y}",
            "month": f"{day:%B %Y}",
        }

    def english(self) -> str:
        if not self.deck:
            self.deck = list(GENERAL_EN)
            for topic in self.topics:
                self.deck += TOPICS[topic].sentences
            self.rng.shuffle(self.deck)
        return self.deck.pop().format(**self._slots())

    def burmese(self) -> str:
        rng = self.rng
        place = self.place if rng.random() < 0.6 else rng.choice(PLACES)
        return rng.choice(GENERAL_MY).format(
            actor=rng.choice(ACTORS_MY),
            place=place[1],
            crime=rng.choice(CRIMES_MY),
            people=rng.choice(PEOPLE_MY),
            people2=rng.choice(PEOPLE_MY),
            addressee=rng.choice(ADDRESSEES_MY),
            demand=rng.choice(DEMANDS_MY),
            n=str(rng.randint(3, 60)).translate(MY_DIGITS),
            topic=TOPICS[rng.choice(self.topics)].burmese,
        )


def _person(rng: Random) -> str:
    title, title_my = rng.choice(HONORIFICS)
    count = rng.choice((1, 2, 2, 3))
    parts = [rng.choice(PERSON_PARTS) for _ in range(count)]
    if rng.random() < 0.25:
        return title_my + "".join(my for _, my in parts)
    return f"{title} " + " ".join(en for en, _ in parts)


def _wrap_point(name: str) -> int | None:
    """Where a long name may break onto the next line (before its last English words)."""
    words = name.split(" ")
    for tail_len in (2, 1, 3):
        tail = words[-tail_len:]
        plain = len(words) > tail_len + 2 and all(w.isascii() and w.isalpha() for w in tail)
        if plain and not {w.lower() for w in tail} & HEADING_WORDS:
            return len(" ".join(words[:-tail_len]))
    return None


def _list_lines(names: list[str], rng: Random, burmese_heavy: bool) -> list[str]:
    """Number or bullet the names; restart numbering; wrap a few long names (real quirks)."""
    roll = rng.random()
    if roll < (0.30 if burmese_heavy else 0.07):
        return [f"{str(i).translate(MY_DIGITS)}။ {n}" for i, n in enumerate(names, 1)]
    if roll > 0.88:
        bullet = "-" if rng.random() < 0.7 else "•"
        return [f"{bullet} {n}" for n in names]
    indent = "  " if rng.random() < 0.7 else ""
    restarts = (
        set(rng.sample(range(5, len(names)), 1))
        if (len(names) > 20 and rng.random() < 0.1)
        else set()
    )
    lines: list[str] = []
    number = 1
    for index, name in enumerate(names):
        if index in restarts:
            lines.append("")
            number = 1
        cut = _wrap_point(name) if len(name) >= 40 and rng.random() < 0.02 else None
        if cut is None:
            lines.append(f"{indent}{number}. {name}")
            number += 1
            continue
        # As in the real file: a blank line, the rest of the name, a blank line, and the
        # numbering usually starts again at 1.
        lines += [f"{indent}{number}. {name[:cut]}", "", name[cut + 1 :], ""]
        number = 1 if rng.random() < 0.8 else number + 1
    return lines


def make_statement(
    index: int,
    pool: list[Organisation],
    cumulative: list[float],
    towns: list[tuple[str, str]],
    seed: int = 1,
) -> GeneratedStatement:
    """Generate statement number ``index`` (1-based): its text and its ground truth."""
    rng = Random(f"statement:{seed}:{len(pool)}:{index}")
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    topic_names = list(TOPICS)
    topics: list[str] = []
    while len(topics) < rng.choice((1, 2, 2, 3)):
        topic = rng.choices(topic_names, weights=TOPIC_WEIGHTS)[0]
        if topic not in topics:
            topics.append(topic)
    roll = rng.random()
    share_my = 0.85 if roll < 0.12 else 0.0 if roll < 0.22 else 0.3
    burmese_heavy = share_my > 0.5
    writer = _Writer(rng, topics, towns, day)

    # Signatories first: the declared-total sentences need the count.
    count = _signatory_count(rng)
    chosen: dict[int, None] = {}
    while len(chosen) < count:
        for pick in rng.choices(range(len(pool)), cum_weights=cumulative, k=count):
            chosen.setdefault(pick, None)
            if len(chosen) == count:
                break
    orgs = [pool[i] for i in chosen]
    signed = [(o.id, spelling_variant(o, rng) if rng.random() < 0.1 else o.render()) for o in orgs]
    if rng.random() < 0.6:
        signed.sort(key=lambda pair: pair[1])
    individuals = [_person(rng) for _ in range(rng.randint(3, 40))] if rng.random() < 0.15 else []

    # Title and opening.
    topic = TOPICS[topics[0]]
    title_en = topic.title.format(place=writer.place[0])
    if burmese_heavy and rng.random() < 0.7:
        title = f"{topic.burmese}နှင့် ပတ်သက်၍ အရပ်ဖက်လူမှုအဖွဲ့အစည်းများ၏ ပူးတွဲကြေညာချက်"
    else:
        title = rng.choice(
            (
                f"Joint Statement on {title_en}",
                f"Open Letter to {rng.choice(LETTER_TO)} on {title_en}",
                f"Civil Society Statement on {title_en}",
                f"{title_en[0].upper()}{title_en[1:]}: Civil Society Calls for Action",
            )
        )
    declared: int | None = None
    roll = rng.random()
    note = None
    paragraphs: list[str] = []
    if roll < 0.10:
        declared = count
        paragraphs.append(
            f"We, the undersigned {count} organizations, condemn the crimes committed by "
            f"{rng.choice(ACTORS)} and call on {rng.choice(ADDRESSEES)} to {rng.choice(DEMANDS)}."
        )
    elif roll < 0.25:
        declared = count + rng.randint(5, count)
        note = (
            f"Note {DASH} out of a total of {declared} organizations endorsed the letter, "
            f"only {count} organizations have been identified for security reasons."
        )
    elif roll < 0.30 and burmese_heavy:
        declared = count
        note = f"ဤကြေညာချက်ကို အဖွဲ့အစည်းပေါင်း {str(count).translate(MY_DIGITS)} ဖွဲ့ ပူးတွဲလက်မှတ်ရေးထိုးပါသည်။"

    # Body: ~600 words (300-900), paragraphs ~70 % English, some statements mostly Burmese.
    target = int(rng.triangular(300, 900, 600))
    words = sum(len(p.split()) for p in paragraphs)
    while words < target:
        if rng.random() < share_my:
            sentences = [writer.burmese() for _ in range(rng.randint(2, 5))]
            words += 2 * sum(len(s.split()) for s in sentences)  # Burmese words run together
        else:
            sentences = [writer.english() for _ in range(rng.randint(2, 6))]
            words += sum(len(s.split()) for s in sentences)
        paragraphs.append(" ".join(sentences))

    lines: list[str] = []
    front_matter = rng.random() < 0.2
    if front_matter:
        lines += ["---", f"title: {title}", f"date: {day.isoformat()}"]
        if rng.random() < 0.3:
            lines.append(f"language: {'my' if burmese_heavy else 'en+my' if share_my else 'en'}")
        lines += ["---", ""]
    else:
        use_my = rng.random() < (0.4 if burmese_heavy else 0.02)
        lines += [_burmese_date(day) if use_my else _english_date(day, rng), ""]
        if rng.random() < 0.9:
            lines += [title, ""]
        else:
            title = None
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    if note:
        lines += [note, ""]
    heading = rng.choices([h for h, _ in HEADINGS], weights=[w for _, w in HEADINGS])[0]
    if burmese_heavy and rng.random() < 0.5:
        heading = "လက်မှတ်ရေးထိုးသူများ"
    lines += [heading, ""]
    if individuals and rng.random() < 0.5:
        lines += ["Organisations:", ""]
    lines += _list_lines([name for _, name in signed], rng, burmese_heavy)
    if individuals:
        lines += ["", "Individuals:", ""]
        lines += _list_lines(individuals, rng, burmese_heavy)
    slug = _slug(title_en)
    return GeneratedStatement(
        file_name=f"{day.isoformat()}-{slug}-{index}.txt",
        text="\n".join(lines) + "\n",
        date=day,
        title=title,
        declared_total=declared,
        organisations=tuple(signed),
        individuals=tuple(individuals),
    )


def iter_statements(count: int, seed: int = 1, names: int = 4000) -> Iterator[GeneratedStatement]:
    """Yield ``count`` statements in memory (no disk): for parsing benchmarks."""
    pool = build_pool(seed, names)
    cumulative = _zipf_cumulative(len(pool))
    towns = _invent_towns(seed)
    for index in range(1, count + 1):
        yield make_statement(index, pool, cumulative, towns, seed)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------
MARKER_TEXT = """\
# SYNTHETIC corpus: generated fixture data, not real statements

Every file here was written by `benchmarks/generate_corpus.py` (seed {seed}, {count} files,
a pool of {names} organisations) for benchmarks of parsing, indexing, search and load.
All organisation and person names are INVENTED from parts (invented towns, generic regions,
themes, forms); any likeness to a real organisation is accidental. Place names in the prose
are real, the events are not: never quote these texts as anyone's words.

- `{manifest}`: one JSON line per statement: file, date, title, declared_total,
  organisations as [pool id, name exactly as written], individuals.
- `{pool}`: the invented organisations with their usual spelling.

This file is named README.md because the corpus reader skips README files.
"""


def _clear_previous_run(out: Path) -> None:
    """With --force: delete the statement files an earlier run listed, and nothing else."""
    manifest = out / MANIFEST_NAME
    if not manifest.exists():
        return
    with manifest.open(encoding="utf-8") as handle:
        for line in handle:
            name = json.loads(line)["file"]
            if "/" not in name and name.endswith(".txt"):
                (out / name).unlink(missing_ok=True)


def generate(
    count: int,
    out_dir: str | Path,
    seed: int = 1,
    names: int = 4000,
    *,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Write ``count`` statement files, the manifest, the pool and README.md into ``out_dir``.

    Refuses a non-empty directory (FileExistsError) unless ``force``.
    """
    started = time.perf_counter()
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        if not force:
            raise FileExistsError(f"{out} is not empty (use --force to write into it)")
        _clear_previous_run(out)
    out.mkdir(parents=True, exist_ok=True)
    pool = build_pool(seed, names)
    cumulative = _zipf_cumulative(len(pool))
    towns = _invent_towns(seed)
    total_bytes = signatures = people = 0
    signers: set[int] = set()
    step = max(1, count // 10)
    with (out / MANIFEST_NAME).open("w", encoding="utf-8") as manifest:
        for index in range(1, count + 1):
            statement = make_statement(index, pool, cumulative, towns, seed)
            data = statement.text.encode("utf-8")
            (out / statement.file_name).write_bytes(data)
            manifest.write(json.dumps(statement.to_record(), ensure_ascii=False) + "\n")
            total_bytes += len(data)
            signatures += len(statement.organisations)
            people += len(statement.individuals)
            signers.update(org_id for org_id, _ in statement.organisations)
            if progress and (index % step == 0 or index == count):
                progress(index, count)
    with (out / POOL_NAME).open("w", encoding="utf-8") as handle:
        for org in sorted(pool, key=lambda o: o.id):
            handle.write(json.dumps(org.to_dict(), ensure_ascii=False) + "\n")
    (out / MARKER_NAME).write_text(
        MARKER_TEXT.format(
            seed=seed, count=count, names=names, manifest=MANIFEST_NAME, pool=POOL_NAME
        ),
        encoding="utf-8",
    )
    return Summary(
        str(out),
        count,
        total_bytes,
        signatures,
        people,
        len(pool),
        len(signers),
        time.perf_counter() - started,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True, help="number of statement files")
    parser.add_argument("--out", required=True, help="output directory (created if missing)")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same files (default 1)")
    parser.add_argument(
        "--names", type=int, default=4000, help="invented organisations in the pool (default 4000)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty directory (an earlier run's files go)",
    )
    args = parser.parse_args(argv)
    if args.count < 1 or args.names < 10:
        parser.error("--count must be at least 1 and --names at least 10")

    def report(done: int, total: int) -> None:
        print(f"  {done:>7,}/{total:,} files", file=sys.stderr, flush=True)

    try:
        summary = generate(
            args.count, args.out, args.seed, args.names, force=args.force, progress=report
        )
    except (FileExistsError, ValueError) as exc:
        print(f"generate_corpus: {exc}", file=sys.stderr)
        return 2
    print(
        f"{summary.files:,} files, {summary.megabytes:.1f} MB, "
        f"{summary.signatures:,} signatures ({summary.distinct_signers:,} of "
        f"{summary.organisations:,} organisations signed), {summary.individuals:,} "
        f"individuals, {summary.seconds:.1f} s -> {summary.out_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
