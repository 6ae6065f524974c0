//! Name lists for synthetic persons: Romanian first names and surnames, and
//! Russian ones as Moldovan records write them in Latin letters, each with its
//! Cyrillic spelling (a share of Russian-speaking households is recorded in
//! Cyrillic). Also streets, institutions and the words of a referral.

/// Romanian men's first names.
#[rustfmt::skip]
pub const RO_MALE: &[&str] = &[
    "Ion", "Vasile", "Gheorghe", "Nicolae", "Mihai", "Andrei", "Alexandru", "Dumitru", "Constantin", "Petru", "Ștefan",
    "Victor", "Sergiu", "Valeriu", "Vitalie", "Veaceslav", "Iurie", "Anatol", "Eugen", "Octavian", "Radu", "Dan",
    "Dorin", "Marin", "Tudor", "Cristian", "Adrian", "Ilie", "Grigore", "Pavel", "Simion", "Teodor", "Vlad", "Maxim",
    "Daniel", "David", "Gabriel", "Mihail", "Iacob", "Emil", "Florin", "Lucian", "Liviu", "Mircea", "Oleg", "Ruslan",
    "Silviu", "Valentin", "Vadim", "Viorel", "Costel", "Ionuț", "Marcel", "Aurel", "Călin", "Corneliu", "Denis",
    "Dionisie", "Dragoș", "Eduard", "Gavril", "Ghenadie", "Horia", "Iulian", "Laurențiu", "Leonard", "Matei", "Nelu",
    "Nichita", "Ovidiu", "Pantelei", "Sandu", "Sebastian", "Serafim", "Sorin", "Spiridon", "Timotei", "Toma", "Traian",
    "Trofim", "Zaharia", "Artur", "Arcadie", "Anton", "Cezar", "Ciprian", "Damian", "Efim", "Eugeniu", "Filip",
    "Iosif", "Luca", "Marius", "Nicu", "Onisim", "Petrică", "Romeo", "Rareș", "Tiberiu", "Veniamin", "Virgiliu",
    "Gheorghiță", "Vasilică", "Costică", "Leonid", "Igor", "Valentin-Ion", "Ion-Marian",
];

/// Romanian women's first names.
#[rustfmt::skip]
pub const RO_FEMALE: &[&str] = &[
    "Maria", "Elena", "Ana", "Ioana", "Tatiana", "Natalia", "Lidia", "Valentina", "Nina", "Olga", "Eugenia", "Aurelia",
    "Angela", "Ala", "Aliona", "Cristina", "Daniela", "Diana", "Doina", "Dorina", "Ecaterina", "Emilia", "Eva",
    "Felicia", "Florentina", "Gabriela", "Iulia", "Irina", "Larisa", "Liliana", "Lilia", "Lucia", "Ludmila", "Mariana",
    "Marina", "Mihaela", "Monica", "Nadejda", "Nicoleta", "Oxana", "Parascovia", "Raisa", "Rodica", "Silvia", "Sofia",
    "Stela", "Valeria", "Veronica", "Victoria", "Viorica", "Zinaida", "Adriana", "Alexandra", "Alina", "Anastasia",
    "Andreea", "Antonina", "Carolina", "Corina", "Claudia", "Dumitrița", "Elisaveta", "Fevronia", "Georgeta",
    "Iuliana", "Ileana", "Inga", "Ina", "Laura", "Lenuța", "Liuba", "Lucreția", "Magdalena", "Margareta", "Mădălina",
    "Marcela", "Maricica", "Nadia", "Octavia", "Paulina", "Petronela", "Raluca", "Renata", "Sabina", "Simona",
    "Snejana", "Teodora", "Tamara", "Vera", "Zoia", "Aurica", "Axenia", "Domnica", "Efrosinia", "Iustina", "Leontina",
    "Marioara", "Olesea", "Profira", "Ramona", "Sanda", "Speranța", "Tudora", "Victorina", "Xenia", "Zenovia",
    "Bianca", "Camelia", "Dana", "Denisa", "Ana-Maria", "Maria-Magdalena",
];

/// Romanian surnames (the same for men and women).
#[rustfmt::skip]
pub const RO_SURNAMES: &[&str] = &[
    "Popa", "Rusu", "Ceban", "Ciobanu", "Cojocaru", "Lungu", "Moraru", "Munteanu", "Rotari", "Turcan", "Bivol",
    "Sandu", "Grosu", "Botnari", "Roșca", "Cebotari", "Cazacu", "Guțu", "Țurcanu", "Melnic", "Sârbu", "Bălan", "Ursu",
    "Mocanu", "Croitoru", "Cucu", "Spînu", "Buzu", "Chiriac", "Ciorbă", "Codreanu", "Cojocari", "Cozma", "Crețu",
    "Dabija", "Dascăl", "Donică", "Frunze", "Găină", "Gheorghiu", "Golub", "Gonța", "Istrati", "Jardan", "Leahu",
    "Lupu", "Macovei", "Manole", "Mîțu", "Negru", "Nistor", "Olaru", "Oprea", "Pascari", "Plămădeală", "Pleșca",
    "Prodan", "Popescu", "Prisăcaru", "Răileanu", "Robu", "Rotaru", "Russu", "Stratan", "Surdu", "Talpă", "Tănase",
    "Tofan", "Ungureanu", "Vasilache", "Vieru", "Vlas", "Zaharia", "Zgardan", "Țîbîrnă", "Apostol", "Bejan", "Beșliu",
    "Boico", "Bodrug", "Bostan", "Borș", "Buga", "Burlacu", "Caraman", "Căldare", "Chicu", "Cibotaru", "Ciubotaru",
    "Ciocan", "Costin", "Curoș", "Danu", "Eremia", "Filip", "Gavriliță", "Guzun", "Hîncu", "Iordache", "Lozan",
    "Lisnic", "Mîndru", "Moldovan", "Nastas", "Pîrvu", "Pînzari", "Rusnac", "Secrieru", "Tabac", "Ureche", "Vrabie",
    "Zubcu", "Știrbu", "Țurcan", "Ababii", "Rusu-Ceban", "Popa-Lungu",
];

/// Russian men's first names: Moldovan Latin spelling, Cyrillic.
#[rustfmt::skip]
pub const RU_MALE: &[(&str, &str)] = &[
    ("Serghei", "Сергей"), ("Alexei", "Алексей"), ("Dmitrii", "Дмитрий"), ("Vladimir", "Владимир"),
    ("Nicolai", "Николай"), ("Ivan", "Иван"), ("Mihail", "Михаил"), ("Evghenii", "Евгений"), ("Iurii", "Юрий"),
    ("Oleg", "Олег"), ("Igor", "Игорь"), ("Victor", "Виктор"), ("Valerii", "Валерий"), ("Anatolii", "Анатолий"),
    ("Boris", "Борис"), ("Grigorii", "Григорий"), ("Ghenadii", "Геннадий"), ("Leonid", "Леонид"), ("Pavel", "Павел"),
    ("Piotr", "Пётр"), ("Vadim", "Вадим"), ("Veaceslav", "Вячеслав"), ("Vitalii", "Виталий"), ("Roman", "Роман"),
    ("Ruslan", "Руслан"), ("Stanislav", "Станислав"), ("Vasilii", "Василий"), ("Denis", "Денис"), ("Artiom", "Артём"),
    ("Maxim", "Максим"), ("Chiril", "Кирилл"), ("Egor", "Егор"), ("Ilia", "Илья"), ("Constantin", "Константин"),
    ("Fiodor", "Фёдор"), ("Filipp", "Филипп"), ("Gleb", "Глеб"), ("Arcadii", "Аркадий"), ("Arsenii", "Арсений"),
    ("Bogdan", "Богдан"), ("Daniil", "Даниил"), ("Eduard", "Эдуард"), ("Efim", "Ефим"), ("Emelian", "Емельян"),
    ("Gherman", "Герман"), ("Iaroslav", "Ярослав"), ("Lev", "Лев"), ("Matvei", "Матвей"), ("Nichita", "Никита"),
    ("Platon", "Платон"), ("Rostislav", "Ростислав"), ("Semion", "Семён"), ("Stepan", "Степан"), ("Taras", "Тарас"),
    ("Timofei", "Тимофей"), ("Timur", "Тимур"), ("Trofim", "Трофим"), ("Valentin", "Валентин"),
    ("Veniamin", "Вениамин"), ("Vsevolod", "Всеволод"), ("Zahar", "Захар"), ("Afanasii", "Афанасий"),
    ("Alexandr", "Александр"), ("Anton", "Антон"), ("Vladislav", "Владислав"), ("Ignat", "Игнат"),
    ("Inochentii", "Иннокентий"), ("Macar", "Макар"), ("Marc", "Марк"), ("Miron", "Мирон"), ("Nazar", "Назар"),
    ("Nestor", "Нестор"), ("Prohor", "Прохор"), ("Savelii", "Савелий"), ("Serafim", "Серафим"),
    ("Sviatoslav", "Святослав"), ("Tihon", "Тихон"), ("Iacov", "Яков"), ("Iosif", "Иосиф"), ("Cuzma", "Кузьма"),
    ("Luca", "Лука"), ("Danila", "Данила"), ("Demian", "Демьян"), ("Elisei", "Елисей"), ("Ermolai", "Ермолай"),
    ("Felix", "Феликс"), ("Gavriil", "Гавриил"), ("Gordei", "Гордей"), ("Ilarion", "Илларион"), ("Climent", "Климент"),
    ("Lavrentii", "Лаврентий"), ("Lukian", "Лукьян"), ("Mstislav", "Мстислав"), ("Rodion", "Родион"),
    ("Valerian", "Валериан"), ("Vikentii", "Викентий"), ("Arnold", "Арнольд"), ("Albert", "Альберт"),
    ("Ivan-Nicolai", "Иван-Николай"), ("Georgii", "Георгий"), ("Evgraf", "Евграф"), ("Zinovii", "Зиновий"),
    ("Iulian", "Юлиан"),
];

/// Russian women's first names: Moldovan Latin spelling, Cyrillic.
#[rustfmt::skip]
pub const RU_FEMALE: &[(&str, &str)] = &[
    ("Tatiana", "Татьяна"), ("Natalia", "Наталья"), ("Elena", "Елена"), ("Olga", "Ольга"), ("Svetlana", "Светлана"),
    ("Irina", "Ирина"), ("Galina", "Галина"), ("Liudmila", "Людмила"), ("Valentina", "Валентина"), ("Nina", "Нина"),
    ("Lidia", "Лидия"), ("Tamara", "Тамара"), ("Nadejda", "Надежда"), ("Larisa", "Лариса"), ("Marina", "Марина"),
    ("Oxana", "Оксана"), ("Iulia", "Юлия"), ("Anna", "Анна"), ("Ecaterina", "Екатерина"), ("Anastasia", "Анастасия"),
    ("Maria", "Мария"), ("Daria", "Дарья"), ("Polina", "Полина"), ("Sofia", "София"), ("Alina", "Алина"),
    ("Cristina", "Кристина"), ("Victoria", "Виктория"), ("Veronica", "Вероника"), ("Vera", "Вера"),
    ("Liubov", "Любовь"), ("Raisa", "Раиса"), ("Zoia", "Зоя"), ("Zinaida", "Зинаида"), ("Antonina", "Антонина"),
    ("Evghenia", "Евгения"), ("Alla", "Алла"), ("Inna", "Инна"), ("Jana", "Жанна"), ("Alevtina", "Алевтина"),
    ("Anghelina", "Ангелина"), ("Arina", "Арина"), ("Valeria", "Валерия"), ("Vasilisa", "Василиса"),
    ("Varvara", "Варвара"), ("Diana", "Диана"), ("Evdochia", "Евдокия"), ("Elizaveta", "Елизавета"),
    ("Zlata", "Злата"), ("Inessa", "Инесса"), ("Chira", "Кира"), ("Claudia", "Клавдия"), ("Xenia", "Ксения"),
    ("Lada", "Лада"), ("Lilia", "Лилия"), ("Maia", "Майя"), ("Margarita", "Маргарита"), ("Milana", "Милана"),
    ("Nonna", "Нонна"), ("Praskovia", "Прасковья"), ("Regina", "Регина"), ("Rimma", "Римма"), ("Snejana", "Снежана"),
    ("Taisia", "Таисия"), ("Uliana", "Ульяна"), ("Faina", "Фаина"), ("Emilia", "Эмилия"), ("Iana", "Яна"),
    ("Iaroslava", "Ярослава"), ("Alexandra", "Александра"), ("Alisa", "Алиса"), ("Vlada", "Влада"),
    ("Darina", "Дарина"), ("Eva", "Ева"), ("Ilona", "Илона"), ("Carina", "Карина"), ("Liana", "Лиана"),
    ("Nelli", "Нелли"), ("Nica", "Ника"), ("Rozalia", "Розалия"), ("Serafima", "Серафима"), ("Stefania", "Стефания"),
    ("Stanislava", "Станислава"), ("Violetta", "Виолетта"), ("Vladislava", "Владислава"), ("Zarina", "Зарина"),
    ("Agata", "Агата"), ("Agnia", "Агния"), ("Aksinia", "Аксинья"), ("Ariadna", "Ариадна"), ("Bella", "Белла"),
    ("Glafira", "Глафира"), ("Dina", "Дина"), ("Dominica", "Доминика"), ("Evelina", "Эвелина"), ("Iraida", "Ираида"),
    ("Capitolina", "Капитолина"), ("Lia", "Лия"), ("Marfa", "Марфа"), ("Miroslava", "Мирослава"), ("Olesia", "Олеся"),
    ("Pelagheia", "Пелагея"), ("Feodora", "Феодора"), ("Anna-Maria", "Анна-Мария"), ("Elvira", "Эльвира"),
];

/// Russian, Ukrainian and other East Slavic surnames in their men's form:
/// Moldovan Latin spelling, Cyrillic. See [`feminine`].
#[rustfmt::skip]
pub const RU_SURNAMES: &[(&str, &str)] = &[
    ("Ivanov", "Иванов"), ("Petrov", "Петров"), ("Sidorov", "Сидоров"), ("Smirnov", "Смирнов"),
    ("Kuznețov", "Кузнецов"), ("Popov", "Попов"), ("Vasiliev", "Васильев"), ("Sokolov", "Соколов"),
    ("Mihailov", "Михайлов"), ("Novikov", "Новиков"), ("Fiodorov", "Фёдоров"), ("Morozov", "Морозов"),
    ("Volkov", "Волков"), ("Alexeev", "Алексеев"), ("Lebedev", "Лебедев"), ("Semionov", "Семёнов"),
    ("Egorov", "Егоров"), ("Pavlov", "Павлов"), ("Kozlov", "Козлов"), ("Stepanov", "Степанов"),
    ("Nikolaev", "Николаев"), ("Orlov", "Орлов"), ("Andreev", "Андреев"), ("Makarov", "Макаров"),
    ("Nikitin", "Никитин"), ("Zaharov", "Захаров"), ("Zaițev", "Зайцев"), ("Soloviov", "Соловьёв"),
    ("Borisov", "Борисов"), ("Iakovlev", "Яковлев"), ("Grigoriev", "Григорьев"), ("Romanov", "Романов"),
    ("Vorobiov", "Воробьёв"), ("Sergheev", "Сергеев"), ("Kuzmin", "Кузьмин"), ("Frolov", "Фролов"),
    ("Alexandrov", "Александров"), ("Dmitriev", "Дмитриев"), ("Koroliov", "Королёв"), ("Gusev", "Гусев"),
    ("Kiseliov", "Киселёв"), ("Ilin", "Ильин"), ("Maximov", "Максимов"), ("Poliakov", "Поляков"),
    ("Sorokin", "Сорокин"), ("Vinogradov", "Виноградов"), ("Kovaliov", "Ковалёв"), ("Belov", "Белов"),
    ("Medvedev", "Медведев"), ("Antonov", "Антонов"), ("Tarasov", "Тарасов"), ("Jukov", "Жуков"),
    ("Baranov", "Баранов"), ("Filippov", "Филиппов"), ("Komarov", "Комаров"), ("Davîdov", "Давыдов"),
    ("Beliaev", "Беляев"), ("Gherasimov", "Герасимов"), ("Bogdanov", "Богданов"), ("Osipov", "Осипов"),
    ("Matveev", "Матвеев"), ("Titov", "Титов"), ("Markov", "Марков"), ("Mironov", "Миронов"), ("Krîlov", "Крылов"),
    ("Kulikov", "Куликов"), ("Karpov", "Карпов"), ("Vlasov", "Власов"), ("Melnikov", "Мельников"),
    ("Denisov", "Денисов"), ("Gavrilov", "Гаврилов"), ("Tihonov", "Тихонов"), ("Kazakov", "Казаков"),
    ("Afanasiev", "Афанасьев"), ("Danilov", "Данилов"), ("Saveliev", "Савельев"), ("Timofeev", "Тимофеев"),
    ("Fomin", "Фомин"), ("Cernov", "Чернов"), ("Abramov", "Абрамов"), ("Martînov", "Мартынов"), ("Efimov", "Ефимов"),
    ("Fedotov", "Федотов"), ("Șcerbakov", "Щербаков"), ("Nazarov", "Назаров"), ("Kalinin", "Калинин"),
    ("Isaev", "Исаев"), ("Cernîșev", "Чернышёв"), ("Bîkov", "Быков"), ("Maslov", "Маслов"), ("Rodionov", "Родионов"),
    ("Kononov", "Кононов"), ("Lazarev", "Лазарев"), ("Voronin", "Воронин"), ("Klimov", "Климов"),
    ("Filatov", "Филатов"), ("Ponomariov", "Пономарёв"), ("Golubev", "Голубев"), ("Kudriavțev", "Кудрявцев"),
    ("Prohorov", "Прохоров"), ("Naumov", "Наумов"), ("Potapov", "Потапов"), ("Zuev", "Зуев"), ("Panov", "Панов"),
    ("Rîbakov", "Рыбаков"), ("Suvorov", "Суворов"), ("Bondarenko", "Бондаренко"), ("Kovalenko", "Коваленко"),
    ("Șevcenko", "Шевченко"), ("Tkacenko", "Ткаченко"), ("Kravcenko", "Кравченко"), ("Kovalciuk", "Ковальчук"),
    ("Savciuk", "Савчук"), ("Melniciuk", "Мельничук"), ("Tkaciuk", "Ткачук"), ("Polișciuk", "Полищук"),
    ("Marciuk", "Марчук"), ("Gonciarenko", "Гончаренко"), ("Lisovski", "Лисовский"), ("Kovalevski", "Ковалевский"),
    ("Zaporojan", "Запорожан"),
];

/// The women's form of an East Slavic surname: `-ov`, `-ev`, `-in` add `a`
/// (`Ivanov` → `Ivanova`, `Иванов` → `Иванова`), `-ski`/`-ский` become
/// `-skaia`/`-ская`; others (`-enko`, `-ciuk`) do not change.
pub fn feminine(surname: &str) -> String {
    if let Some(stem) = surname.strip_suffix("ский") {
        return format!("{stem}ская");
    }
    if let Some(stem) = surname.strip_suffix("ski") {
        return format!("{stem}skaia");
    }
    if ["ov", "ev", "in", "în"].iter().any(|s| surname.ends_with(s)) {
        return format!("{surname}a");
    }
    if ["ов", "ев", "ёв", "ин", "ын"].iter().any(|s| surname.ends_with(s)) {
        return format!("{surname}а");
    }
    surname.to_owned()
}

/// Streets, for domicile addresses.
#[rustfmt::skip]
pub const STREETS: &[&str] = &[
    "Ștefan cel Mare", "Mihai Eminescu", "Alexandru cel Bun", "Independenței", "Păcii", "Gagarin", "Pușkin",
    "Mitropolit Varlaam", "Ion Creangă", "Vasile Alecsandri", "Decebal", "Dacia", "Mircea cel Bătrân", "Trandafirilor",
    "Livezilor", "Florilor", "Școlii", "Bisericii", "Grădinilor", "Renașterii Naționale", "31 August 1989",
    "Calea Ieșilor", "Tineretului", "Unirii", "Victoriei", "Viilor", "Cuza Vodă", "Ismail", "Bulgară", "Sfatul Țării",
];

/// Who refers a case when an institution does.
pub const INSTITUTIONS: &[&str] = &[
    "Gimnaziul nr. 3",
    "Liceul Teoretic „Mihai Eminescu”",
    "Centrul de Sănătate",
    "Inspectoratul de Poliție",
    "Primăria",
    "Spitalul raional",
    "Grădinița nr. 7",
    "Direcția Învățământ",
    "Agenția Națională pentru Ocuparea Forței de Muncă",
    "Centrul de asistență socială de zi",
];

/// What a referral is about.
pub const CONCERNS: &[&str] = &[
    "Copilul lipsește frecvent de la școală; părinții sunt plecați la muncă peste hotare.",
    "Persoană vârstnică singură, fără venituri suficiente pentru hrană și medicamente.",
    "Semnalare privind violență în familie; vecinii au auzit certuri repetate.",
    "Familie numeroasă în locuință improprie, fără încălzire pe timp de iarnă.",
    "Persoană cu dizabilitate severă care are nevoie de îngrijire la domiciliu.",
    "Mamă singură fără loc de muncă, solicită ajutor material și consiliere.",
    "Copil lăsat în grija bunicilor vârstnici, care nu mai fac față.",
    "Persoană fără adăpost identificată de poliție în perioada rece.",
    "Consum de alcool în familie, copiii sunt neglijați.",
    "Beneficiarul solicită evaluarea pentru serviciul de îngrijire socială la domiciliu.",
    "Tânăr ieșit din sistemul de protecție, fără locuință și fără venit.",
    "Boală cronică gravă, familia nu își permite tratamentul.",
    "Semnalare anonimă: copil mic lăsat nesupravegheat.",
    "Solicitare de ajutor social și compensații pentru perioada rece.",
];

/// Why a case was suspended.
pub const SUSPEND_REASONS: &[&str] = &[
    "Beneficiarul a plecat temporar peste hotare.",
    "Beneficiarul este internat în spital.",
    "Familia nu poate fi contactată; revenim după vizita programată.",
];

/// Why a case was closed or proposed for closure.
pub const CLOSE_REASONS: &[&str] = &[
    "Obiectivele planului de asistență au fost atinse.",
    "Situația familiei s-a stabilizat.",
    "Beneficiarul s-a mutat în alt raion; dosarul a fost transmis.",
    "Beneficiarul a refuzat continuarea serviciilor.",
];

/// Why a person has no IDNP.
pub const NO_IDNP_REASONS: &[&str] = &[
    "Nu deține act de identitate.",
    "Act de identitate pierdut, în curs de restabilire.",
    "Apatrid, documente în curs de perfectare.",
    "Copil nou-născut, certificatul de naștere nu a fost eliberat.",
];

/// Why a person left the register.
pub const ARCHIVE_REASONS: &[&str] = &["Decedat.", "Plecat definitiv peste hotare.", "Înregistrat din greșeală."];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::names::{fold, name_key, search_key};
    use std::collections::HashSet;

    fn is_cyrillic(s: &str) -> bool {
        s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
    }

    fn assert_list(what: &str, names: &[&str]) {
        let unique: HashSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len(), "{what}: duplicates");
        assert!(names.len() >= 100, "{what}: only {} names", names.len());
        for n in names {
            let f = fold(n);
            assert!(!f.is_empty() && f.bytes().all(|b| b.is_ascii_lowercase() || b == b' '), "{what}: {n:?} → {f:?}");
        }
    }

    #[test]
    fn lists_are_long_unique_and_fold() {
        assert_list("RO_MALE", RO_MALE);
        assert_list("RO_FEMALE", RO_FEMALE);
        assert_list("RO_SURNAMES", RO_SURNAMES);
        for (what, list) in [("RU_MALE", RU_MALE), ("RU_FEMALE", RU_FEMALE), ("RU_SURNAMES", RU_SURNAMES)] {
            let latin: Vec<&str> = list.iter().map(|(l, _)| *l).collect();
            let cyrillic: Vec<&str> = list.iter().map(|(_, c)| *c).collect();
            assert_list(what, &latin);
            assert_list(what, &cyrillic);
            assert!(latin.iter().all(|l| !is_cyrillic(l)), "{what}: Cyrillic letters in a Latin spelling");
            assert!(cyrillic.iter().all(|c| is_cyrillic(c)), "{what}: a Cyrillic spelling without Cyrillic");
        }
    }

    #[test]
    fn feminine_forms() {
        assert_eq!(feminine("Ivanov"), "Ivanova");
        assert_eq!(feminine("Иванов"), "Иванова");
        assert_eq!(feminine("Soloviov"), "Soloviova");
        assert_eq!(feminine("Соловьёв"), "Соловьёва");
        assert_eq!(feminine("Nikitin"), "Nikitina");
        assert_eq!(feminine("Lisovski"), "Lisovskaia");
        assert_eq!(feminine("Лисовский"), "Лисовская");
        assert_eq!(feminine("Bondarenko"), "Bondarenko");
        assert_eq!(feminine("Kovalciuk"), "Kovalciuk");
        assert_eq!(feminine("Popa"), "Popa");
    }

    #[test]
    fn names_fold_into_search_keys() {
        // Diacritics and Cyrillic fold to plain Latin letters, so typing
        // without them finds the record.
        assert_eq!(search_key("Țurcanu", "Ștefan"), "turcanu stefan");
        assert_eq!(search_key("Иванова", "Ольга"), "ivanova olga");
        assert_eq!(name_key("Rusu-Ceban", "Ana-Maria"), "ana ceban maria rusu");
        for (l, c) in RU_SURNAMES {
            assert!(search_key(c, "Иван").starts_with(&fold(c)));
            assert!(!fold(l).is_empty());
        }
    }
}
