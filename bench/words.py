"""Phrase lists for the benchmark corpus: Bulgarian news phrases paired with English ones.

Every entry pairs a Bulgarian phrase with its English rendering, so that the generated
English reads as a translation of the Bulgarian sentence it stands beside. All names of
people and organisations here are fictional or generic.
"""

from __future__ import annotations

# (bulgarian, english, plural?) — who does something
SUBJECTS: list[tuple[str, str, bool]] = [
    ("Столичната община", "Sofia Municipality", False),
    ("Столичната агенция за инвестиции", "The Sofia Investment Agency", False),
    ("Министерството на икономиката", "The Ministry of Economy", False),
    ("Министерството на образованието", "The Ministry of Education", False),
    ("Общинският съвет", "The city council", False),
    ("Кметът на София", "The Mayor of Sofia", False),
    ("Заместник-кметът по дигитализация", "The deputy mayor for digitalisation", False),
    ("Асоциацията на бизнес клъстерите", "The Association of Business Clusters", False),
    ("Българската търговско-промишлена палата", "The Bulgarian Chamber of Commerce", False),
    ("Агенцията за малки и средни предприятия", "The Small and Medium Enterprises Agency", False),
    ("Екипът на проекта", "The project team", False),
    ("Софийският университет", "Sofia University", False),
    ("Технически университет – София", "The Technical University of Sofia", False),
    ("Регионалната дирекция по туризъм", "The regional tourism directorate", False),
    ("Управителният съвет на фонда", "The fund's management board", False),
    ("Международно жури", "An international jury", False),
    ("Представители на бизнеса", "Business representatives", True),
    ("Експерти от дванадесет държави", "Experts from twelve countries", True),
    ("Организаторите на форума", "The organisers of the forum", True),
    ("Местни предприемачи", "Local entrepreneurs", True),
    ("Студенти и преподаватели", "Students and teachers", True),
    ("Партньорите от Амстердам", "The partners from Amsterdam", True),
    ("Участниците в програмата", "The participants in the programme", True),
    ("Инвеститори от Германия и Австрия", "Investors from Germany and Austria", True),
    ("Граждани и неправителствени организации", "Citizens and non-governmental organisations",
     True),
]

# (singular verb, plural verb, english) — past tense
VERBS: list[tuple[str, str, str]] = [
    ("представи", "представиха", "presented"),
    ("обяви", "обявиха", "announced"),
    ("подписа", "подписаха", "signed"),
    ("откри", "откриха", "opened"),
    ("обсъди", "обсъдиха", "discussed"),
    ("организира", "организираха", "organised"),
    ("подкрепи", "подкрепиха", "supported"),
    ("одобри", "одобриха", "approved"),
    ("финансира", "финансираха", "funded"),
    ("стартира", "стартираха", "launched"),
    ("разработи", "разработиха", "developed"),
    ("предложи", "предложиха", "proposed"),
    ("завърши", "завършиха", "completed"),
    ("прие", "приеха", "adopted"),
    ("посрещна", "посрещнаха", "welcomed"),
]

# (bulgarian, english) — what was done
OBJECTS: list[tuple[str, str]] = [
    ("нова програма за иновации", "a new innovation programme"),
    ("споразумение за сътрудничество", "a cooperation agreement"),
    ("проект за градска мобилност", "an urban mobility project"),
    ("инвестиционен план за следващите пет години", "an investment plan for the next five years"),
    ("дигитална платформа за гражданите", "a digital platform for citizens"),
    ("пилотна схема за зелени покриви", "a pilot scheme for green roofs"),
    ("стратегия за развитие на туризма", "a strategy for the development of tourism"),
    ("конкурс за млади предприемачи", "a competition for young entrepreneurs"),
    ("мрежа от споделени работни пространства", "a network of shared workspaces"),
    ("пакет от мерки за малкия бизнес", "a package of measures for small businesses"),
    ("програма за обучение по програмиране", "a coding training programme"),
    ("център за технологичен трансфер", "a technology transfer centre"),
    ("карта на свободните общински терени", "a map of vacant municipal land"),
    ("пътна карта за енергийна ефективност", "a roadmap for energy efficiency"),
    ("доклад за инвестиционния климат", "a report on the investment climate"),
    ("серия от работни срещи", "a series of workshops"),
    ("ново направление за стартиращи компании", "a new track for start-ups"),
    ("система за електронни услуги", "a system of online services"),
    ("отворени данни за градския транспорт", "open data on public transport"),
    ("проект за обновяване на жилищни сгради", "a project to renovate housing blocks"),
    ("международен форум за умни градове", "an international smart cities forum"),
    ("фонд за рисков капитал", "a venture capital fund"),
    ("програма за менторство", "a mentoring programme"),
    ("изложба на местни производители", "an exhibition of local producers"),
]

# (bulgarian, english) — where, why, how
ADVERBIALS: list[tuple[str, str]] = [
    ("в рамките на конференцията", "during the conference"),
    ("по време на срещата", "during the meeting"),
    ("в София Тех Парк", "at Sofia Tech Park"),
    ("в зала „Джон Атанасов“", "in the John Atanasov Hall"),
    ("с подкрепата на Европейския съюз", "with the support of the European Union"),
    ("в партньорство с местните власти", "in partnership with the local authorities"),
    ("след публично обсъждане", "after a public consultation"),
    ("пред повече от двеста гости", "before more than two hundred guests"),
    ("като част от Европейските клъстерни седмици", "as part of the European Cluster Weeks"),
    ("за втора поредна година", "for the second year running"),
    ("в няколко квартала на столицата", "in several districts of the capital"),
    ("заедно с партньори от региона", "together with partners from the region"),
    ("с цел привличане на нови инвестиции", "to attract new investment"),
    ("по искане на бизнеса", "at the request of business"),
    ("в отговор на предложенията на гражданите", "in response to citizens' proposals"),
    ("в Брюксел", "in Brussels"),
    ("в Националния дворец на културата", "at the National Palace of Culture"),
    ("онлайн и на място", "online and in person"),
]

# (bulgarian, english) — sentence openers
CONNECTORS: list[tuple[str, str]] = [
    ("Освен това", "In addition,"),
    ("Според организаторите", "According to the organisers,"),
    ("Както стана ясно", "As it became clear,"),
    ("В същото време", "At the same time,"),
    ("Междувременно", "Meanwhile,"),
    ("По думите на експертите", "In the experts' words,"),
    ("Същевременно", "Likewise,"),
    ("На следващия етап", "At the next stage,"),
]

# (bulgarian, english) — a number and its unit, written as each language writes it
AMOUNTS: list[tuple[str, str]] = [
    ("с бюджет от 2,5 млн. лв.", "with a budget of BGN 2.5 million"),
    ("с бюджет от 480 000 евро", "with a budget of EUR 480,000"),
    ("за 1 200 участници", "for 1,200 participants"),
    ("с 12% повече средства от миналата година", "with 12% more money than last year"),
    ("в 24 общински училища", "in 24 municipal schools"),
    ("за срок от 36 месеца", "for a period of 36 months"),
    ("с 35 нови работни места", "with 35 new jobs"),
    ("на площ от 15 000 кв. м", "on an area of 15,000 square metres"),
]

HEADINGS: list[tuple[str, str]] = [
    ("Основни резултати", "Key results"),
    ("Следващи стъпки", "Next steps"),
    ("Какво предстои", "What comes next"),
    ("Участници", "Participants"),
    ("Финансиране", "Funding"),
    ("Контекст", "Background"),
    ("Мнения на участниците", "What the participants said"),
    ("Програма на събитието", "The event's programme"),
]

PEOPLE: list[tuple[str, str, str]] = [  # bg name, en name, role pair index
    ("Мария Георгиева", "Maria Georgieva", "0"),
    ("Иван Петров", "Ivan Petrov", "1"),
    ("Елена Димитрова", "Elena Dimitrova", "2"),
    ("Николай Стоянов", "Nikolay Stoyanov", "3"),
    ("Десислава Колева", "Desislava Koleva", "1"),
    ("Георги Иванов", "Georgi Ivanov", "0"),
]

ROLES: list[tuple[str, str]] = [
    ("изпълнителен директор на агенцията", "executive director of the agency"),
    ("ръководител на проекта", "head of the project"),
    ("председател на асоциацията", "chair of the association"),
    ("експерт по градско развитие", "an urban development expert"),
]

QUOTES: list[tuple[str, str]] = [
    ("Целта ни е София да стане водещ център за иновации в региона",
     "Our aim is for Sofia to become a leading centre of innovation in the region"),
    ("Това е само началото на една дългосрочна програма",
     "This is only the beginning of a long-term programme"),
    ("Без доверието на бизнеса нито един проект не може да успее",
     "Without the trust of business no project can succeed"),
    ("Резултатите надхвърлиха очакванията ни",
     "The results exceeded our expectations"),
    ("Искаме повече млади хора да остават и да работят в града",
     "We want more young people to stay and work in the city"),
]

TAGS: list[tuple[str, str]] = [
    ("клъстери", "clusters"),
    ("събития", "events"),
    ("инвестиции", "investment"),
    ("иновации", "innovation"),
    ("образование", "education"),
    ("транспорт", "transport"),
    ("дигитализация", "digitalisation"),
    ("европейски проекти", "EU projects"),
    ("туризъм", "tourism"),
    ("стартъпи", "start-ups"),
]

PLACES: list[tuple[str, str]] = [
    ("София Тех Парк", "Sofia Tech Park"),
    ("Интер Експо Център", "Inter Expo Centre"),
    ("Национален дворец на културата", "National Palace of Culture"),
    ("Столична библиотека", "Sofia City Library"),
    ("Борисова градина", "Borisova Gradina park"),
]

LINKS: list[tuple[str, str, str]] = [  # bg text, en text, address (reserved .example domain)
    ("сайта на агенцията", "the agency's website", "https://investsofia.example/novini"),
    ("програмата на форума", "the forum's programme", "https://forum.example/programa"),
    ("регистрационната форма", "the registration form", "https://forms.example/registratsia"),
    ("доклада", "the report", "https://data.example/doklad-2019.pdf"),
]

MONTHS_BG = ["януари", "февруари", "март", "април", "май", "юни", "юли", "август",
             "септември", "октомври", "ноември", "декември"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]

# a simple Bulgarian-to-Latin table for article slugs (the Streamlined System, lower case)
LATIN = dict(zip(
    "абвгдежзийклмнопрстуфхцчшщъьюя",
    ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"],
    strict=True,
))

# subjects that are common nouns: written in lower case inside a sentence
COMMON_BG = {
    "Общинският съвет", "Кметът на София", "Заместник-кметът по дигитализация",
    "Екипът на проекта", "Регионалната дирекция по туризъм", "Управителният съвет на фонда",
    "Международно жури", "Представители на бизнеса", "Експерти от дванадесет държави",
    "Организаторите на форума", "Местни предприемачи", "Студенти и преподаватели",
    "Партньорите от Амстердам", "Участниците в програмата", "Инвеститори от Германия и Австрия",
    "Граждани и неправителствени организации",
}
