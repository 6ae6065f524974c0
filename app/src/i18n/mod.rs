//! Every text the interface shows, in English, Romanian and Russian.
//!
//! A typed catalogue: a missing translation is a compile error, and the
//! texts cost nothing to look up in the browser.

pub mod labels;

use crate::domain::user::Language;
use leptos::prelude::*;

macro_rules! catalogue {
    ($($key:ident => $en:literal, $ro:literal, $ru:literal;)*) => {
        /// A text key. Each has its text in every language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum K { $($key),* }

        impl K {
            pub const ALL: &'static [K] = &[$(K::$key),*];

            pub fn text(self, lang: Language) -> &'static str {
                match self {
                    $(K::$key => match lang {
                        Language::En => $en,
                        Language::Ro => $ro,
                        Language::Ru => $ru,
                    }),*
                }
            }
        }
    };
}

catalogue! {
    Tagline => "Social assistance case management", "Managementul cazurilor de asistență socială", "Ведение случаев социальной помощи";
    SignIn => "Sign in", "Autentificare", "Вход";
    SignOut => "Sign out", "Ieșire", "Выход";
    UnsentTitle => "Answers not yet sent", "Răspunsuri încă netrimise", "Ответы ещё не отправлены";
    UnsentText => "Forms with answers on this device that have not reached the server:", "Formulare cu răspunsuri pe acest dispozitiv care nu au ajuns pe server:", "Формы с ответами на этом устройстве, которые ещё не дошли до сервера:";
    UnsentFailed => "These could not be sent now (no signal, or changed elsewhere). Open each to settle it, or keep them on this device.", "Acestea nu au putut fi trimise acum (fără semnal sau modificate în altă parte). Deschideți-le pe fiecare sau păstrați-le pe acest dispozitiv.", "Их не удалось отправить сейчас (нет сигнала или изменены в другом месте). Откройте каждую или оставьте их на этом устройстве.";
    SendThenSignOut => "Send them, then sign out", "Trimiteți-le, apoi ieșiți", "Отправить и выйти";
    KeepThenSignOut => "Keep them on this device and sign out", "Păstrați-le pe acest dispozitiv și ieșiți", "Оставить на устройстве и выйти";
    StaySignedIn => "Stay signed in", "Rămâneți autentificat", "Остаться в системе";
    OpenForm => "Open form", "Deschideți formularul", "Открыть форму";
    SignOutEverywhere => "Sign out everywhere", "Ieșire de pe toate dispozitivele", "Выйти на всех устройствах";
    SignOutEverywhereText => "Ends your sessions on every phone, tablet and computer, this one included.", "Închide sesiunile pe toate telefoanele, tabletele și calculatoarele, inclusiv acesta.", "Завершает ваши сеансы на всех телефонах, планшетах и компьютерах, включая этот.";
    Username => "User name", "Nume de utilizator", "Имя пользователя";
    Password => "Password", "Parolă", "Пароль";
    NavMain => "Main navigation", "Navigare principală", "Основная навигация";
    NavHome => "Home", "Acasă", "Главная";
    NavUsers => "Users", "Utilizatori", "Пользователи";
    NavAudit => "Audit log", "Jurnal de audit", "Журнал аудита";
    NavProfile => "Profile", "Profil", "Профиль";
    NavMore => "More", "Mai mult", "Ещё";
    HfStatusReason => "Reason for the status", "Motivul statutului", "Причина статуса";
    HfRememberedStatus => "Status before the suspension", "Statutul dinaintea suspendării", "Статус до приостановки";
    HfCreatedAt => "Recorded on", "Înregistrat la", "Записано";
    HfCreatedBy => "Recorded by", "Înregistrat de", "Кем записано";
    HfNextDueOn => "Next step due on", "Termenul pasului următor", "Срок следующего шага";
    HfClosedAt => "Closed on", "Închis la", "Закрыт";
    HaRegister => "Registered", "Înregistrare", "Регистрация";
    HaUpdate => "Changed", "Modificare", "Изменение";
    HaArchive => "Archived", "Arhivare", "Перенос в архив";
    HaRestore => "Restored from the archive", "Restabilire din arhivă", "Возврат из архива";
    HaOpen => "Case opened", "Deschiderea cazului", "Открытие случая";
    HaTransfer => "Transferred", "Transfer", "Передача";
    Welcome => "Welcome", "Bine ați venit", "Добро пожаловать";
    Roles => "Roles", "Roluri", "Роли";
    YourSections => "Your sections", "Secțiunile dvs.", "Ваши разделы";
    ComingSoon => "In preparation", "În pregătire", "В подготовке";
    SecCases => "Persons and cases", "Persoane și cazuri", "Лица и случаи";
    SecCasesText => "Register beneficiaries and run their case files.", "Înregistrați beneficiarii și gestionați dosarele lor.", "Регистрация получателей и ведение их дел.";
    SecTeam => "Team caseload", "Cazurile echipei", "Нагрузка команды";
    SecTeamText => "Assign, transfer and approve the cases of your territory.", "Repartizați, transferați și aprobați cazurile teritoriului.", "Назначение, передача и утверждение случаев территории.";
    SecIndicators => "Indicators", "Indicatori", "Показатели";
    SecIndicatorsText => "See how the work goes, in aggregate.", "Vedeți cum merge activitatea, agregat.", "Сводные показатели работы.";
    SecUsers => "Users", "Utilizatori", "Пользователи";
    SecUsersText => "Create accounts, set roles and territories, reset passwords.", "Creați conturi, stabiliți roluri și teritorii, resetați parole.", "Создание учётных записей, роли, территории, сброс паролей.";
    SecAudit => "Audit log", "Jurnal de audit", "Журнал аудита";
    SecAuditText => "Who did what, when and from where.", "Cine ce a făcut, când și de unde.", "Кто, что, когда и откуда сделал.";
    SecTickets => "Support tickets", "Solicitări de suport", "Обращения в поддержку";
    SecTicketsText => "Answer the questions of every user.", "Răspundeți la întrebările utilizatorilor.", "Ответы на вопросы пользователей.";
    RoleSocialWorker => "Social worker", "Asistent social", "Социальный работник";
    RoleSupervisor => "Supervisor", "Supervizor", "Супервизор";
    RoleAnalyst => "Analyst", "Analist", "Аналитик";
    RoleAdministrator => "Administrator", "Administrator", "Администратор";
    RoleSupportAgent => "Support agent", "Operator suport", "Специалист поддержки";
    RoleAuditor => "Auditor", "Auditor", "Аудитор";
    RoleSupportLead => "Support lead", "Coordonator suport", "Руководитель поддержки";
    ContactDetails => "Contact details", "Date de contact", "Контактные данные";
    Territory => "Territory", "Teritoriu", "Территория";
    FullName => "Full name", "Nume și prenume", "Фамилия и имя";
    Email => "E-mail", "E-mail", "Эл. почта";
    Phone => "Phone", "Telefon", "Телефон";
    Institution => "Institution", "Instituție", "Учреждение";
    Position => "Position", "Funcție", "Должность";
    Language => "Language", "Limba", "Язык";
    Save => "Save", "Salvează", "Сохранить";
    Saved => "Saved.", "Salvat.", "Сохранено.";
    Security => "Security", "Securitate", "Безопасность";
    ChangePassword => "Change password", "Schimbă parola", "Сменить пароль";
    PasswordChanged => "Your password was changed. Your other sessions have ended.", "Parola a fost schimbată. Celelalte sesiuni au fost închise.", "Пароль изменён. Другие сеансы завершены.";
    MustChangePassword => "Your password was set by an administrator. Choose your own before you continue.", "Parola a fost stabilită de un administrator. Alegeți propria parolă pentru a continua.", "Пароль задан администратором. Выберите свой, чтобы продолжить.";
    CurrentPassword => "Current password", "Parola actuală", "Текущий пароль";
    NewPassword => "New password", "Parola nouă", "Новый пароль";
    ConfirmPassword => "Repeat the new password", "Repetați parola nouă", "Повторите новый пароль";
    PasswordRules => "At least 12 characters; not a well-known password; not your user name. A short sentence works well.", "Cel puțin 12 caractere; nu o parolă cunoscută; nu numele de utilizator. O propoziție scurtă e o alegere bună.", "Не менее 12 символов; не распространённый пароль; не имя пользователя. Хорошо подходит короткая фраза.";
    NewUser => "New user", "Utilizator nou", "Новый пользователь";
    CreateUser => "Create user", "Creează utilizatorul", "Создать пользователя";
    EditUser => "User account", "Contul utilizatorului", "Учётная запись";
    UserCreated => "The user was created.", "Utilizatorul a fost creat.", "Пользователь создан.";
    TemporaryPassword => "Temporary password", "Parolă temporară", "Временный пароль";
    TemporaryPasswordShown => "The temporary password, shown only this once: give it to the user in person. They must change it at first sign-in.", "Parola temporară, afișată doar acum: comunicați-o personal utilizatorului. O va schimba la prima autentificare.", "Временный пароль, показан только сейчас: передайте его пользователю лично. При первом входе его нужно сменить.";
    GrantWaiting => "Waiting for a second administrator's approval", "Așteaptă aprobarea unui al doilea administrator", "Ожидает одобрения второго администратора";
    GrantWaitingText => "Roles that read personal data are given when another administrator approves. Asked by", "Rolurile care citesc date personale se acordă când alt administrator aprobă. Cerut de", "Роли с доступом к персональным данным выдаются после одобрения другим администратором. Запросил";
    GrantApprove => "Approve the roles", "Aprobă rolurile", "Одобрить роли";
    GrantReject => "Refuse", "Refuză", "Отклонить";
    GrantDecided => "The request for roles was decided.", "Cererea de roluri a fost soluționată.", "Запрос ролей рассмотрен.";
    GrantOwnRequest => "Another administrator must approve the roles you asked for.", "Rolurile cerute de dvs. le aprobă alt administrator.", "Запрошенные вами роли одобряет другой администратор.";
    GrantGone => "This request was decided already.", "Această cerere a fost deja soluționată.", "Этот запрос уже рассмотрен.";
    TemporaryPasswordHint => "Vatra makes a temporary password and shows it to you once; the user must change it at first sign-in. Roles that read personal data (social worker, supervisor) wait for a second administrator's approval.", "Vatra creează o parolă temporară și v-o arată o singură dată; utilizatorul o va schimba la prima autentificare. Rolurile care citesc date personale (asistent social, supervizor) așteaptă aprobarea unui al doilea administrator.", "Vatra создаёт временный пароль и показывает его вам один раз; пользователь сменит его при первом входе. Роли с доступом к персональным данным (соцработник, супервизор) ждут одобрения второго администратора.";
    ResetPassword => "Reset password", "Resetează parola", "Сбросить пароль";
    PasswordReset => "The password was reset. The user's sessions have ended.", "Parola a fost resetată. Sesiunile utilizatorului au fost închise.", "Пароль сброшен. Сеансы пользователя завершены.";
    AccountStatus => "Account status", "Starea contului", "Состояние учётной записи";
    Deactivate => "Deactivate account", "Dezactivează contul", "Отключить учётную запись";
    Reactivate => "Reactivate account", "Reactivează contul", "Включить учётную запись";
    Active => "Active", "Activ", "Активна";
    Inactive => "Deactivated", "Dezactivat", "Отключена";
    Locked => "Locked after failed sign-ins", "Blocat după autentificări eșuate", "Заблокирована после неудачных входов";
    Search => "Search", "Caută", "Найти";
    SearchUsers => "Name or user name", "Nume sau nume de utilizator", "Имя или имя пользователя";
    NoResults => "Nothing found.", "Nu s-a găsit nimic.", "Ничего не найдено.";
    NextPage => "Next page", "Pagina următoare", "Следующая страница";
    Filter => "Filter", "Filtrează", "Фильтр";
    User => "User", "Utilizator", "Пользователь";
    Action => "Action", "Acțiune", "Действие";
    Outcome => "Outcome", "Rezultat", "Результат";
    OutcomeDone => "Done", "Efectuat", "Выполнено";
    OutcomeRefused => "Refused", "Refuzat", "Отказано";
    OutcomeFailed => "Failed", "Eșuat", "Ошибка";
    Any => "Any", "Oricare", "Любой";
    From => "From", "De la", "С";
    To => "To", "Până la", "По";
    When => "When", "Când", "Когда";
    Object => "Object", "Obiect", "Объект";
    Address => "Address", "Adresă", "Адрес";
    Details => "Details", "Detalii", "Подробности";
    NotFoundTitle => "Page not found", "Pagina nu a fost găsită", "Страница не найдена";
    NotFoundText => "The address may be mistyped, or the page has moved.", "Adresa poate fi greșită sau pagina a fost mutată.", "Возможно, адрес введён с ошибкой или страница перемещена.";
    BackHome => "Back to the home page", "Înapoi la pagina principală", "На главную";
    PageForbiddenTitle => "You may not open this page", "Nu puteți deschide această pagină", "Вы не можете открыть эту страницу";
    PageForbiddenText => "It needs a role or a territory that is not yours. If your work needs it, ask your supervisor or write to support.", "Este nevoie de un rol sau de un teritoriu care nu sunt ale dvs. Dacă aveți nevoie de ea în muncă, întrebați-vă supervizorul sau scrieți la suport.", "Для неё нужна роль или территория, которых у вас нет. Если она нужна для работы, спросите руководителя или напишите в поддержку.";
    RecordNotFoundTitle => "Record not found", "Înregistrarea nu a fost găsită", "Запись не найдена";
    RecordNotFoundText => "It does not exist, or it lies outside the territory you work in. Check the address, or find it by searching.", "Nu există sau se află în afara teritoriului în care lucrați. Verificați adresa sau căutați-o.", "Её нет, или она вне территории, в которой вы работаете. Проверьте адрес или найдите её поиском.";
    SignInAgain => "What you typed on this device is kept: sign in again to go on.", "Ce ați completat pe acest dispozitiv este păstrat: autentificați-vă din nou pentru a continua.", "Введённое на этом устройстве сохранено: войдите снова, чтобы продолжить.";
    AskForHelp => "Ask for help", "Cereți ajutor", "Попросить помощи";
    RequestId => "Request id (quote it in a support ticket)", "Identificatorul cererii (menționați-l în solicitarea de suport)", "Идентификатор запроса (укажите его в обращении)";
    ChangedBy => "Changed meanwhile by", "Modificat între timp de", "Тем временем изменено пользователем";
    TryAgainIn => "Try again in", "Reîncercați peste", "Повторите через";
    ErrUnauthenticated => "Your session has ended. Sign in again.", "Sesiunea s-a încheiat. Autentificați-vă din nou.", "Сеанс завершён. Войдите снова.";
    ErrForbidden => "You do not have the right to do this.", "Nu aveți dreptul să faceți aceasta.", "У вас нет права на это действие.";
    ErrNotFound => "This record does not exist.", "Această înregistrare nu există.", "Такой записи нет.";
    ErrInvalid => "Some fields need correcting; see the messages below them.", "Unele câmpuri trebuie corectate; vedeți mesajele de sub ele.", "Некоторые поля нужно исправить; см. сообщения под ними.";
    ErrConflict => "This value is already in use.", "Această valoare este deja folosită.", "Это значение уже используется.";
    ErrStale => "Someone else changed this record after you opened it. Your changes were not saved; reload to see theirs.", "Altcineva a modificat înregistrarea după ce ați deschis-o. Modificările dvs. nu au fost salvate; reîncărcați pagina.", "Запись изменил другой пользователь после того, как вы её открыли. Ваши изменения не сохранены; обновите страницу.";
    ErrRateLimited => "Too many attempts. Wait a little and try again.", "Prea multe încercări. Așteptați puțin și reîncercați.", "Слишком много попыток. Подождите и повторите.";
    ErrUnavailable => "Vatra cannot reach its database right now. Try again in a minute.", "Vatra nu poate accesa baza de date acum. Reîncercați peste un minut.", "Vatra сейчас не может обратиться к базе данных. Повторите через минуту.";
    ErrInternal => "Something went wrong on our side. Nothing was changed.", "Ceva nu a funcționat la noi. Nu s-a modificat nimic.", "У нас что-то пошло не так. Ничего не изменено.";
    ErrTransport => "No connection to Vatra. Check the signal and try again.", "Nu există conexiune cu Vatra. Verificați semnalul și reîncercați.", "Нет связи с Vatra. Проверьте сигнал и повторите.";
    FieldRequired => "Fill this in.", "Completați acest câmp.", "Заполните это поле.";
    FieldTooLong => "This is too long.", "Textul este prea lung.", "Слишком длинно.";
    FieldInvalidChars => "This contains characters that are not allowed.", "Conține caractere nepermise.", "Содержит недопустимые символы.";
    FieldCheck => "Check this field.", "Verificați acest câmp.", "Проверьте это поле.";
    UsernameTooShort => "At least 3 characters.", "Cel puțin 3 caractere.", "Не менее 3 символов.";
    UsernameChars => "Use lowercase Latin letters, digits, dots, hyphens or underscores.", "Folosiți litere latine mici, cifre, puncte, cratime sau liniuțe de subliniere.", "Используйте строчные латинские буквы, цифры, точки, дефисы или подчёркивания.";
    UsernameTaken => "This user name is taken.", "Acest nume de utilizator este ocupat.", "Это имя пользователя занято.";
    EmailInvalid => "This is not an e-mail address (name@example.md).", "Aceasta nu este o adresă de e-mail (nume@exemplu.md).", "Это не адрес эл. почты (name@example.md).";
    PhoneInvalid => "Use 6 to 15 digits, optionally starting with +.", "Folosiți 6–15 cifre, opțional cu + la început.", "Используйте от 6 до 15 цифр, можно с + в начале.";
    PasswordTooShort => "At least 12 characters.", "Cel puțin 12 caractere.", "Не менее 12 символов.";
    PasswordTooLong => "At most 128 characters.", "Cel mult 128 de caractere.", "Не более 128 символов.";
    PasswordContainsUsername => "The password may not contain the user name.", "Parola nu poate conține numele de utilizator.", "Пароль не должен содержать имя пользователя.";
    PasswordTooCommon => "This password is too easy to guess. Try a short sentence.", "Parola este prea ușor de ghicit. Încercați o propoziție scurtă.", "Этот пароль слишком легко угадать. Попробуйте короткую фразу.";
    PasswordMismatch => "The two passwords differ.", "Cele două parole diferă.", "Пароли не совпадают.";
    PasswordUnchanged => "Choose a password different from the current one.", "Alegeți o parolă diferită de cea actuală.", "Выберите пароль, отличный от текущего.";
    WrongPassword => "The current password is not right.", "Parola actuală nu este corectă.", "Текущий пароль неверен.";
    WrongCredentials => "Wrong user name or password. After several wrong tries, sign-in waits a few minutes.", "Nume de utilizator sau parolă greșită. După mai multe încercări greșite, autentificarea așteaptă câteva minute.", "Неверное имя пользователя или пароль. После нескольких неверных попыток вход ждёт несколько минут.";
    RolesRequired => "Choose at least one role.", "Alegeți cel puțin un rol.", "Выберите хотя бы одну роль.";
    TerritoryOutOfScope => "You can only choose territories within your own.", "Puteți alege doar teritorii din cadrul propriului teritoriu.", "Можно выбрать только территории в пределах вашей.";
    CannotChangeOwnRoles => "You cannot change your own roles or territory: another administrator does that.", "Nu vă puteți schimba propriile roluri sau teritoriul: o face alt administrator.", "Нельзя менять собственные роли или территорию: это делает другой администратор.";
    CannotDeactivateSelf => "You cannot deactivate your own account.", "Nu vă puteți dezactiva propriul cont.", "Нельзя отключить собственную учётную запись.";
    DateInvalid => "Use a date like 2026-11-23.", "Folosiți o dată de forma 2026-11-23.", "Используйте дату вида 2026-11-23.";
    Choose => "Choose…", "Alegeți…", "Выберите…";
    NavClassifiers => "Classifiers", "Clasificatoare", "Классификаторы";
    AddEntry => "Add an entry", "Adaugă o poziție", "Добавить позицию";
    Code => "Code", "Cod", "Код";
    CodeHint => "Lowercase Latin letters, digits and _; it never changes.", "Litere latine mici, cifre și _; nu se mai schimbă.", "Строчные латинские буквы, цифры и _; не меняется.";
    NameRo => "Name in Romanian", "Denumirea în română", "Название на румынском";
    NameEn => "Name in English", "Denumirea în engleză", "Название на английском";
    NameRu => "Name in Russian", "Denumirea în rusă", "Название на русском";
    Ended => "Ended", "Încetat", "Прекращено";
    EndEntry => "End this entry", "Încetează poziția", "Прекратить позицию";
    CodeFormat => "Use 2–40 lowercase Latin letters, digits or _.", "Folosiți 2–40 litere latine mici, cifre sau _.", "Используйте 2–40 строчных латинских букв, цифр или _.";
    CodeTaken => "This code is already in the list.", "Acest cod există deja în listă.", "Этот код уже есть в списке.";
    SecClassifiers => "Classifiers", "Clasificatoare", "Классификаторы";
    SecClassifiersText => "Vulnerabilities, functional limitations, document types.", "Vulnerabilități, limitări funcționale, tipuri de acte.", "Уязвимости, функциональные ограничения, типы документов.";
    NavPersons => "Persons", "Persoane", "Лица";
    NavCases => "My cases", "Cazurile mele", "Мои случаи";
    NavTeam => "Team", "Echipa", "Команда";
    SearchPersons => "IDNP, provisional id or name", "IDNP, cod provizoriu sau nume", "IDNP, временный код или имя";
    SearchHint => "A name matches with or without diacritics, in any order.", "Numele se potrivește cu sau fără diacritice, în orice ordine.", "Имя находится с диакритикой и без, в любом порядке.";
    RegisterPerson => "Register a person", "Înregistrează o persoană", "Зарегистрировать лицо";
    PersonRegistered => "The person was registered.", "Persoana a fost înregistrată.", "Лицо зарегистрировано.";
    Idnp => "IDNP", "IDNP", "IDNP";
    IdnpHint => "13 digits. Leave empty if the person has none: Vatra gives a provisional id.", "13 cifre. Lăsați gol dacă persoana nu are: Vatra atribuie un cod provizoriu.", "13 цифр. Оставьте пустым, если его нет: Vatra выдаст временный код.";
    IdnpLooksRight => "The check digit is right.", "Cifra de control este corectă.", "Контрольная цифра верна.";
    ProvisionalId => "Provisional id", "Cod provizoriu", "Временный код";
    NoIdnpReason => "Why there is no IDNP", "De ce lipsește IDNP", "Почему нет IDNP";
    LastName => "Last name", "Nume", "Фамилия";
    FirstName => "First name", "Prenume", "Имя";
    BirthDate => "Date of birth", "Data nașterii", "Дата рождения";
    Age => "Age", "Vârsta", "Возраст";
    Sex => "Sex", "Sex", "Пол";
    SexFemale => "Female", "Feminin", "Женский";
    SexMale => "Male", "Masculin", "Мужской";
    Contacts => "Phone and e-mail", "Telefon și e-mail", "Телефон и эл. почта";
    OptionalPart => "(if known)", "(dacă se cunoaște)", "(если известно)";
    IdDocument => "Identity document", "Act de identitate", "Документ";
    IdDocType => "Document type", "Tipul actului", "Тип документа";
    IdDocNumber => "Document number", "Numărul actului", "Номер документа";
    Disability => "Disability", "Dizabilitate", "Инвалидность";
    DisabilityDegree => "Degree of disability", "Gradul de dizabilitate", "Степень инвалидности";
    DegreeNone => "None", "Fără", "Нет";
    DegreeMild => "Mild", "Ușor", "Лёгкая";
    DegreeMedium => "Medium", "Accentuat", "Выраженная";
    DegreeSevere => "Severe", "Sever", "Тяжёлая";
    MainLimitation => "Main functional limitation", "Limitarea funcțională principală", "Основное функциональное ограничение";
    Domicile => "Domicile", "Domiciliu", "Место жительства";
    Residence => "Temporary residence", "Reședință temporară", "Временное проживание";
    DomicileAddress => "Address of domicile", "Adresa de domiciliu", "Адрес места жительства";
    ResidenceAddress => "Address of residence", "Adresa de reședință", "Адрес временного проживания";
    Contact => "Contact", "Contact", "Контакты";
    Vulnerabilities => "Vulnerabilities and risks", "Vulnerabilități și riscuri", "Уязвимости и риски";
    PossibleDuplicates => "Already registered?", "Deja înregistrată?", "Уже зарегистрировано?";
    PossibleDuplicatesText => "These registered persons look like the one you are entering. Open the record if it is the same person; otherwise say below why it is someone else.", "Aceste persoane înregistrate seamănă cu cea introdusă. Deschideți dosarul dacă este aceeași persoană; altfel explicați mai jos de ce este alta.", "Эти зарегистрированные лица похожи на вводимое. Откройте запись, если это то же лицо; иначе укажите ниже, почему это другой человек.";
    DistinctNote => "Why this is a different person", "De ce este o altă persoană", "Почему это другой человек";
    OutsideYourTerritory => "outside your territory", "în afara teritoriului dvs.", "вне вашей территории";
    Open => "Open", "Deschide", "Открыть";
    RegisteredElsewhere => "A person with this IDNP is registered in another territory; their record is not shown here. Do not register them again: to take them on, ask your supervisor to request the transfer of their case from that territory.", "O persoană cu acest IDNP este înregistrată în alt teritoriu; dosarul ei nu este afișat aici. Nu o înregistrați din nou: pentru a o prelua, cereți supervizorului să solicite transferul cazului din acel teritoriu.", "Лицо с этим IDNP зарегистрировано на другой территории; его запись здесь не показывается. Не регистрируйте его повторно: чтобы принять его, попросите супервизора запросить передачу дела с той территории.";
    SimilarElsewhere => "A person like this one is registered in another territory; their record is not shown here. If it is the same person, ask your supervisor to request the transfer of their case; otherwise say below why it is someone else.", "O persoană asemănătoare este înregistrată în alt teritoriu; dosarul ei nu este afișat aici. Dacă este aceeași persoană, cereți supervizorului să solicite transferul cazului; altfel explicați mai jos de ce este alta.", "Похожее лицо зарегистрировано на другой территории; его запись здесь не показывается. Если это то же лицо, попросите супервизора запросить передачу дела; иначе укажите ниже, почему это другой человек.";
    MatchSameIdnp => "same IDNP", "același IDNP", "тот же IDNP";
    MatchSameName => "same name", "același nume", "то же имя";
    MatchDiacritics => "same name, other spelling", "același nume, altă scriere", "то же имя в другом написании";
    MatchWordOrder => "same names, other order", "aceleași nume, altă ordine", "те же имена в другом порядке";
    MatchTypo => "name differs by a letter or two", "numele diferă cu o literă sau două", "имя отличается на одну-две буквы";
    BirthSame => "same date of birth", "aceeași dată a nașterii", "та же дата рождения";
    BirthNear => "date of birth within a month", "data nașterii la o lună distanță", "дата рождения в пределах месяца";
    BirthSwapped => "day and month swapped", "ziua și luna inversate", "день и месяц переставлены";
    BirthOtherYear => "same day, year differs by a digit", "aceeași zi, anul diferă printr-o cifră", "тот же день, год отличается цифрой";
    Household => "Household and relations", "Gospodăria și relațiile", "Домохозяйство и связи";
    NoRelations => "No relations recorded.", "Nu sunt relații înregistrate.", "Связи не записаны.";
    AddRelation => "Add a relation", "Adaugă o relație", "Добавить связь";
    RelationKind => "Relation", "Relația", "Связь";
    OtherPersonKey => "IDNP or provisional id of the other person", "IDNP sau codul provizoriu al celeilalte persoane", "IDNP или временный код другого лица";
    Note => "Note", "Notă", "Примечание";
    EndRelation => "End", "Încheie", "Завершить";
    RelHousehold => "Household member", "Membru al gospodăriei", "Член домохозяйства";
    RelParent => "Parent", "Părinte", "Родитель";
    RelChild => "Child", "Copil", "Ребёнок";
    RelSpouse => "Spouse", "Soț / soție", "Супруг(а)";
    RelRepresentative => "Legal representative", "Reprezentant legal", "Законный представитель";
    RelRepresented => "Represented person", "Persoană reprezentată", "Представляемое лицо";
    RelOther => "Other", "Altă relație", "Другое";
    RelationHint => "How the other person relates to this one.", "Cum se raportează cealaltă persoană la aceasta.", "Кем другое лицо приходится этому.";
    Cases => "Cases", "Cazuri", "Случаи";
    NoCases => "No cases.", "Niciun caz.", "Случаев нет.";
    OpenCase => "Open a case", "Deschide un caz", "Открыть случай";
    Edit => "Edit", "Editează", "Изменить";
    EditPerson => "Edit person", "Editarea persoanei", "Изменение данных лица";
    History => "History", "Istoric", "История";
    NoHistory => "No changes recorded.", "Nicio modificare.", "Изменений нет.";
    AsOf => "Show as it was on", "Arată cum era la", "Показать на момент";
    Show => "Show", "Arată", "Показать";
    Now => "Now", "Acum", "Сейчас";
    ShownAsOf => "Shown as it was on", "Afișat cum era la", "Показано на момент";
    Archived => "Archived", "Arhivat", "В архиве";
    Archive => "Archive", "Arhivează", "Архивировать";
    Restore => "Restore", "Restabilește", "Восстановить";
    ArchiveText => "An archived person leaves the register: the record stays, read-only.", "O persoană arhivată iese din registru: dosarul rămâne, doar pentru citire.", "Лицо в архиве выходит из реестра: запись остаётся, только для чтения.";
    Reason => "Reason", "Motiv", "Причина";
    Registered => "Registered", "Înregistrat", "Зарегистрировано";
    Version => "Version", "Versiunea", "Версия";
    Field => "Field", "Câmp", "Поле";
    OldValue => "Before", "Înainte", "Было";
    NewValue => "After", "După", "Стало";
    ErrReadOnly => "This record is archived or closed: it can be read, not changed.", "Înregistrarea este arhivată sau închisă: poate fi citită, nu modificată.", "Запись в архиве или закрыта: её можно читать, но не менять.";
    Referral => "Referral", "Sesizare", "Обращение";
    ReporterName => "Who reported", "Cine a sesizat", "Кто сообщил";
    ReporterContact => "Their contact", "Contactul acestuia", "Его контакты";
    Channel => "How it came", "Cum a parvenit", "Как поступило";
    ChPhone => "Phone call", "Apel telefonic", "Телефонный звонок";
    ChInPerson => "In person", "În persoană", "Лично";
    ChWritten => "In writing", "În scris", "Письменно";
    ChInstitution => "From an institution", "De la o instituție", "От учреждения";
    ChSelf => "The person themself", "Persoana însăși", "Само лицо";
    ChOther => "Other", "Altfel", "Иначе";
    ReceivedOn => "Received on", "Primită la", "Получено";
    Concern => "Concern", "Problema semnalată", "Суть обращения";
    RiskLevel => "Risk level", "Nivel de risc", "Уровень риска";
    RiskLow => "Low", "Scăzut", "Низкий";
    RiskMedium => "Medium", "Mediu", "Средний";
    RiskHigh => "High", "Înalt", "Высокий";
    CaseManager => "Case manager", "Manager de caz", "Ведущий специалист";
    Unassigned => "Unassigned", "Nerepartizat", "Не назначен";
    LeaveUnassigned => "Assign later", "Repartizează mai târziu", "Назначить позже";
    CaseOpened => "The case was opened.", "Cazul a fost deschis.", "Случай открыт.";
    Status => "Status", "Statut", "Статус";
    StReferred => "Referral received", "Sesizare primită", "Обращение получено";
    StOpen => "Open", "Deschis", "Открыт";
    StAssessment => "Initial assessment", "Evaluare inițială", "Первичная оценка";
    StComplexAssessment => "Complex assessment", "Evaluare complexă", "Комплексная оценка";
    StPlanning => "Assistance plan", "Plan de asistență", "План помощи";
    StPlanApproval => "Plan awaits approval", "Plan spre aprobare", "План на утверждении";
    StMonitoring => "Monitoring", "Monitorizare", "Мониторинг";
    StClosureApproval => "Closure awaits approval", "Închidere spre aprobare", "Закрытие на утверждении";
    StClosed => "Closed", "Închis", "Закрыт";
    StSuspended => "Suspended", "Suspendat", "Приостановлен";
    AcStartAssessment => "Start the initial assessment", "Începe evaluarea inițială", "Начать первичную оценку";
    AcStartComplexAssessment => "Start a complex assessment", "Începe evaluarea complexă", "Начать комплексную оценку";
    AcStartPlanning => "Write the assistance plan", "Elaborează planul de asistență", "Составить план помощи";
    AcSubmitPlan => "Send the plan for approval", "Trimite planul spre aprobare", "Отправить план на утверждение";
    AcApprovePlan => "Approve the plan", "Aprobă planul", "Утвердить план";
    AcReturnPlan => "Return the plan", "Returnează planul", "Вернуть план";
    AcReviewPlan => "Review the plan", "Revizuiește planul", "Пересмотреть план";
    AcProposeClosure => "Propose closing", "Propune închiderea", "Предложить закрытие";
    AcApproveClosure => "Approve closing", "Aprobă închiderea", "Утвердить закрытие";
    AcReturnClosure => "Return the closure", "Returnează închiderea", "Вернуть закрытие";
    AcSuspend => "Suspend", "Suspendă", "Приостановить";
    AcResume => "Resume", "Reia", "Возобновить";
    AcReopen => "Reopen", "Redeschide", "Открыть заново";
    AcAssign => "Assign", "Repartizează", "Назначить";
    NextStep => "Next step", "Pasul următor", "Следующий шаг";
    Due => "due", "termen", "срок";
    Overdue => "Overdue", "Depășit", "Просрочено";
    NsAssign => "Assign a case manager", "Repartizarea unui manager de caz", "Назначить специалиста";
    NsInitialAssessment => "Initial assessment", "Evaluarea inițială", "Первичная оценка";
    NsAssistancePlan => "Assistance plan", "Planul de asistență", "План помощи";
    NsPlanSubmission => "Send the plan", "Trimiterea planului", "Отправка плана";
    NsPlanApproval => "Plan approval", "Aprobarea planului", "Утверждение плана";
    NsMonitoringVisit => "Monitoring visit", "Vizita de monitorizare", "Мониторинговый визит";
    NsClosureApproval => "Closure approval", "Aprobarea închiderii", "Утверждение закрытия";
    WorkflowSteps => "Next steps", "Pașii următori", "Следующие шаги";
    ReasonHint => "Required to suspend, propose closing, reopen or return.", "Obligatoriu pentru suspendare, propunerea închiderii, redeschidere sau returnare.", "Обязательно для приостановки, закрытия, повторного открытия или возврата.";
    Transfer => "Transfer", "Transfer", "Передача";
    TransferTo => "Transfer to", "Transferă către", "Передать";
    TransferTerritory => "Their territory", "Teritoriul acestuia", "Его территория";
    ShowPeople => "Show people", "Arată persoanele", "Показать людей";
    RequestTransfer => "Ask to take over", "Cere preluarea", "Предложить передачу";
    TransferWaiting => "Transfer waiting for an answer", "Transfer în așteptarea răspunsului", "Передача ждёт ответа";
    TransferWaitingFor => "waits for", "așteaptă răspunsul lui", "ждёт ответа от";
    Accept => "Accept", "Acceptă", "Принять";
    Decline => "Decline", "Refuză", "Отклонить";
    DeclineReason => "Why you decline", "De ce refuzați", "Почему отклоняете";
    Timeline => "Timeline", "Cronologie", "Хронология";
    Forms => "Forms", "Formulare", "Формы";
    NoForms => "No forms yet.", "Încă nu sunt formulare.", "Форм пока нет.";
    StartForm => "Start", "Începeți", "Начать";
    StartAForm => "Start a form", "Începeți un formular", "Начать форму";
    SectionWord => "Section", "Secțiunea", "Раздел";
    OfWord => "of", "din", "из";
    SaveDraft => "Save draft", "Salvați ciorna", "Сохранить черновик";
    SubmitForm => "Submit", "Trimiteți", "Отправить";
    SyncSaved => "Saved", "Salvat", "Сохранено";
    SyncSaving => "Saving…", "Se salvează…", "Сохранение…";
    SyncPending => "Changes not saved yet", "Modificări încă nesalvate", "Изменения ещё не сохранены";
    SyncOffline => "Offline — kept on this device", "Fără conexiune — păstrat pe acest dispozitiv", "Нет связи — сохранено на этом устройстве";
    SyncConflict => "Changed on another device", "Modificat pe alt dispozitiv", "Изменено на другом устройстве";
    ConflictText => "This form was also changed elsewhere. Choose which answers to keep; nothing is overwritten until you choose.", "Acest formular a fost modificat și în altă parte. Alegeți ce răspunsuri păstrați; nimic nu se suprascrie până nu alegeți.", "Эта форма была изменена и в другом месте. Выберите, какие ответы сохранить; ничего не перезаписывается, пока вы не выберете.";
    OnThisDevice => "On this device", "Pe acest dispozitiv", "На этом устройстве";
    SavedElsewhere => "Saved on the server", "Salvat pe server", "Сохранено на сервере";
    KeepMine => "Keep the answers on this device", "Păstrați răspunsurile de pe acest dispozitiv", "Оставить ответы с этого устройства";
    KeepSaved => "Keep the saved answers", "Păstrați răspunsurile salvate", "Оставить сохранённые ответы";
    RestoredLocal => "Changes kept on this device were restored; they are being saved.", "Modificările păstrate pe acest dispozitiv au fost restabilite și se salvează.", "Изменения, сохранённые на этом устройстве, восстановлены и сохраняются.";
    FixErrors => "Some answers need attention; they are marked below.", "Unele răspunsuri trebuie corectate; sunt marcate mai jos.", "Некоторые ответы требуют исправления; они отмечены ниже.";
    CannotSubmitOffline => "You are offline. Your answers are kept on this device; submit when the connection is back.", "Sunteți fără conexiune. Răspunsurile sunt păstrate pe acest dispozitiv; trimiteți când revine conexiunea.", "Нет связи. Ответы сохранены на этом устройстве; отправьте, когда связь восстановится.";
    AddRow => "Add a row", "Adăugați un rând", "Добавить строку";
    RemoveRow => "Remove this row", "Eliminați acest rând", "Удалить эту строку";
    RowWord => "Row", "Rândul", "Строка";
    Yes => "Yes", "Da", "Да";
    No => "No", "Nu", "Нет";
    FsDraft => "Draft", "Ciornă", "Черновик";
    FsSubmitted => "Submitted", "Trimis", "Отправлено";
    FsApproved => "Approved", "Aprobat", "Утверждено";
    FsReturned => "Returned", "Returnat", "Возвращено";
    FsSuperseded => "Corrected by a later revision", "Corectat printr-o revizie ulterioară", "Исправлено более поздней редакцией";
    Revision => "Revision", "Revizia", "Редакция";
    Revisions => "Revisions", "Revizii", "Редакции";
    Revise => "Correct (new revision)", "Corectați (revizie nouă)", "Исправить (новая редакция)";
    Approve => "Approve", "Aprobați", "Утвердить";
    ReturnForm => "Return with a comment", "Returnați cu un comentariu", "Вернуть с комментарием";
    Comment => "Comment", "Comentariu", "Комментарий";
    DecisionWord => "Supervisor's decision", "Decizia supervizorului", "Решение супервизора";
    Print => "Print", "Imprimați", "Печать";
    FormSubmitted => "The form is submitted.", "Formularul a fost trimis.", "Форма отправлена.";
    FormDecided => "The decision is recorded.", "Decizia a fost înregistrată.", "Решение записано.";
    StaleForm => "This form was changed elsewhere in the meantime; the page shows the saved answers.", "Formularul a fost modificat între timp în altă parte; pagina arată răspunsurile salvate.", "Форма тем временем была изменена в другом месте; на странице сохранённые ответы.";
    NoFiles => "No files attached.", "Niciun fișier atașat.", "Файлы не прикреплены.";
    AddFiles => "Add a photo or a document", "Adăugați o fotografie sau un document", "Добавить фото или документ";
    FilesHintMax => "Photos, PDF or text documents, each at most", "Fotografii, PDF sau documente text, fiecare de cel mult", "Фото, PDF или текстовые документы, каждый не больше";
    KeepFile => "Keep with the form", "Păstrați în formular", "Оставить в форме";
    Sending => "Sending…", "Se trimite…", "Отправляется…";
    WaitForFiles => "Wait until the files are sent.", "Așteptați până se trimit fișierele.", "Дождитесь отправки файлов.";
    FileTooLarge => "This file is too large.", "Fișierul este prea mare.", "Файл слишком большой.";
    FileEmpty => "This file is empty.", "Fișierul este gol.", "Файл пуст.";
    FileType => "Only photos, PDF and text documents (Word, OpenDocument) can be attached; this file is something else.", "Se pot atașa doar fotografii, PDF și documente text (Word, OpenDocument); acest fișier este altceva.", "Можно прикреплять только фото, PDF и текстовые документы (Word, OpenDocument); этот файл — другой.";
    FileUnknown => "This file is not one of this case's files.", "Fișierul nu aparține acestui caz.", "Этот файл не относится к этому случаю.";
    FileOffline => "No connection: add the file when the signal is back. Your answers are kept.", "Fără conexiune: adăugați fișierul când revine semnalul. Răspunsurile sunt păstrate.", "Нет связи: добавьте файл, когда появится сигнал. Ответы сохранены.";
    FileWaiting => "Kept on this device: sent when the signal is back.", "Păstrat pe acest dispozitiv: se trimite când revine semnalul.", "Сохранён на этом устройстве: будет отправлен, когда появится сигнал.";
    RemoveFile => "Remove", "Eliminați", "Убрать";
    FileLost => "The file kept on this device is gone: add it again.", "Fișierul păstrat pe acest dispozitiv s-a pierdut: adăugați-l din nou.", "Файл, сохранённый на этом устройстве, пропал: добавьте его снова.";
    FileFailed => "The file could not be sent. Try again.", "Fișierul nu a putut fi trimis. Încercați din nou.", "Не удалось отправить файл. Попробуйте ещё раз.";
    FormOf => "Form", "Formular", "Форма";
    BackToCase => "Back to the case", "Înapoi la caz", "Назад к случаю";
    SubmittedBy => "Submitted by", "Trimis de", "Отправил";
    DecidedBy => "Decided by", "Decis de", "Решил";
    CaseNumber => "Case number", "Numărul cazului", "Номер случая";
    Opened => "Opened", "Deschis la", "Открыт";
    Beneficiary => "Beneficiary", "Beneficiar", "Получатель";
    ShowClosed => "Include closed", "Include închise", "Включая закрытые";
    WaitingForYou => "waits for you to accept", "așteaptă acceptul dvs.", "ждёт вашего согласия";
    TeamWorkload => "Cases per case manager", "Cazuri pe manager de caz", "Случаи по специалистам";
    OpenCases => "Open", "Deschise", "Открыто";
    HighRisk => "High risk", "Risc înalt", "Высокий риск";
    UnassignedCases => "Unassigned cases", "Cazuri nerepartizate", "Неназначенные случаи";
    TransfersWaiting => "Transfers waiting", "Transferuri în așteptare", "Ожидающие передачи";
    AllCases => "All cases of the territory", "Toate cazurile teritoriului", "Все случаи территории";
    NotAPerson => "Choose a person first (from their page).", "Alegeți întâi persoana (de pe pagina ei).", "Сначала выберите лицо (на его странице).";
    IdnpDigits => "An IDNP has digits only.", "IDNP conține doar cifre.", "IDNP состоит только из цифр.";
    IdnpLength => "An IDNP has exactly 13 digits.", "IDNP are exact 13 cifre.", "IDNP содержит ровно 13 цифр.";
    IdnpCheck => "This IDNP is not valid: a digit is mistyped (the check digit does not match).", "Acest IDNP nu este valid: o cifră este greșită (cifra de control nu corespunde).", "Этот IDNP недействителен: ошибка в цифре (не совпадает контрольная цифра).";
    IdnpRegistered => "A person with this IDNP is already registered.", "O persoană cu acest IDNP este deja înregistrată.", "Лицо с этим IDNP уже зарегистрировано.";
    IdnpCannotBeRemoved => "A known IDNP cannot be removed; correct it instead.", "Un IDNP cunoscut nu poate fi șters; corectați-l.", "Известный IDNP нельзя удалить; исправьте его.";
    ProvisionalFormat => "A provisional id looks like P-00000123-4.", "Un cod provizoriu arată ca P-00000123-4.", "Временный код выглядит как P-00000123-4.";
    PossibleDuplicate => "Someone like this person is already registered: open their record, or say why this is someone else.", "O persoană asemănătoare este deja înregistrată: deschideți dosarul ei sau explicați de ce este alta.", "Похожее лицо уже зарегистрировано: откройте его запись или укажите, почему это другой человек.";
    InFuture => "This date is in the future.", "Această dată este în viitor.", "Эта дата в будущем.";
    TooOld => "This date is too far back.", "Această dată este prea veche.", "Эта дата слишком давняя.";
    InvalidChoice => "Choose one of the options.", "Alegeți una dintre opțiuni.", "Выберите один из вариантов.";
    NeedsDegree => "Choose the degree of disability first.", "Alegeți întâi gradul de dizabilității.", "Сначала выберите степень инвалидности.";
    NotFromStatus => "This step is not possible at the case's current stage.", "Acest pas nu este posibil în etapa actuală a cazului.", "Этот шаг невозможен на текущем этапе случая.";
    NoManager => "Assign a case manager first.", "Repartizați întâi un manager de caz.", "Сначала назначьте ведущего специалиста.";
    TransferPending => "A transfer already waits for an answer.", "Un transfer așteaptă deja răspuns.", "Передача уже ждёт ответа.";
    SameManager => "This person already manages the case.", "Această persoană gestionează deja cazul.", "Этот специалист уже ведёт случай.";
    BeforeRegistration => "The record did not exist yet at that moment.", "Înregistrarea nu exista încă la acel moment.", "На тот момент записи ещё не было.";
    PersonUnknown => "No person with this IDNP or provisional id that you may see.", "Nicio persoană accesibilă dvs. cu acest IDNP sau cod provizoriu.", "Нет доступного вам лица с таким IDNP или временным кодом.";
    SamePerson => "A person cannot be related to themself.", "O persoană nu poate fi în relație cu ea însăși.", "Лицо не может быть связано с самим собой.";
    RelationExists => "This relation is already recorded.", "Această relație este deja înregistrată.", "Эта связь уже записана.";
    // Case forms: answers, steps taken through forms, and form definitions.
    FormUnknownField => "This form has no such question.", "Acest formular nu are o astfel de întrebare.", "В этой форме нет такого вопроса.";
    FormWrongShape => "This answer does not fit the question.", "Acest răspuns nu se potrivește întrebării.", "Этот ответ не подходит к вопросу.";
    FormTooManyRows => "Too many rows: remove some.", "Prea multe rânduri: ștergeți câteva.", "Слишком много строк: удалите лишние.";
    FormTooFewRows => "Add more rows: this list needs more entries.", "Adăugați rânduri: lista are nevoie de mai multe înregistrări.", "Добавьте строки: в списке нужно больше записей.";
    FormTooManyFiles => "Too many files: remove some.", "Prea multe fișiere: ștergeți câteva.", "Слишком много файлов: удалите лишние.";
    FormNotANumber => "Write a number here.", "Scrieți un număr aici.", "Впишите здесь число.";
    FormNotWhole => "Write a whole number, without decimals.", "Scrieți un număr întreg, fără zecimale.", "Впишите целое число, без дробной части.";
    FormTooManyDecimals => "Too many digits after the decimal point.", "Prea multe cifre după virgulă.", "Слишком много цифр после запятой.";
    FormBelowMin => "This number is too small.", "Acest număr este prea mic.", "Это число слишком мало.";
    FormAboveMax => "This number is too large.", "Acest număr este prea mare.", "Это число слишком велико.";
    FormNotInHousehold => "Choose someone from the beneficiary's household.", "Alegeți pe cineva din gospodăria beneficiarului.", "Выберите кого-то из домохозяйства получателя.";
    FormDateBeforeToday => "This date cannot be in the past.", "Această dată nu poate fi în trecut.", "Эта дата не может быть в прошлом.";
    FormDateBeforeReferral => "This date is before the referral was received.", "Această dată este înainte de primirea sesizării.", "Эта дата раньше получения обращения.";
    FormDateBeforeBirth => "This date is before the person was born.", "Această dată este înainte de nașterea persoanei.", "Эта дата раньше рождения лица.";
    FormDateBeforeField => "This date is before the date it must follow.", "Această dată este înaintea datei pe care trebuie să o urmeze.", "Эта дата раньше даты, за которой она должна следовать.";
    FormDateAfterToday => "This date is in the future.", "Această dată este în viitor.", "Эта дата в будущем.";
    FormDateAfterReferral => "This date is after the referral was received.", "Această dată este după primirea sesizării.", "Эта дата позже получения обращения.";
    FormDateAfterBirth => "This date is after the person was born.", "Această dată este după nașterea persoanei.", "Эта дата позже рождения лица.";
    FormDateAfterField => "This date is after the date it must come before.", "Această dată este după data pe care trebuie să o preceadă.", "Эта дата позже даты, которой она должна предшествовать.";
    FormAgeTooHigh => "This person is too old for this question.", "Persoana este prea în vârstă pentru această întrebare.", "Лицо слишком взрослое для этого вопроса.";
    FormAgeTooLow => "This person is too young for this question.", "Persoana este prea tânără pentru această întrebare.", "Лицо слишком молодое для этого вопроса.";
    FormThroughForm => "This step is taken by filling in its form: open the form on the case page.", "Acest pas se face completând formularul lui: deschideți formularul de pe pagina cazului.", "Этот шаг выполняется заполнением формы: откройте форму на странице случая.";
    FormMissing => "Submit the form this step needs first.", "Transmiteți întâi formularul de care are nevoie acest pas.", "Сначала отправьте форму, нужную для этого шага.";
    FormNotNow => "This form cannot be filled in at the case's current stage.", "Acest formular nu poate fi completat în etapa actuală a cazului.", "Эту форму нельзя заполнить на текущем этапе случая.";
    FormExists => "The case already has this form: open it from the case page.", "Cazul are deja acest formular: deschideți-l de pe pagina cazului.", "У случая уже есть эта форма: откройте её на странице случая.";
    FormReadOnly => "This can no longer be changed (it was submitted, archived or closed). A submitted form is corrected by starting a correction.", "Acest lucru nu mai poate fi modificat (a fost transmis, arhivat sau închis). Un formular transmis se corectează începând o corectare.", "Это больше нельзя изменить (отправлено, в архиве или закрыто). Отправленная форма исправляется через новое исправление.";
    FormNoDefinition => "This form is not available yet: ask an administrator to publish it.", "Acest formular nu este încă disponibil: cereți administratorului să-l publice.", "Эта форма ещё недоступна: попросите администратора опубликовать её.";
    FormPublished => "A published version cannot be changed: save a new version.", "O versiune publicată nu poate fi modificată: salvați o versiune nouă.", "Опубликованную версию нельзя менять: сохраните новую версию.";
    FormInvalid => "This could not be read: check what was entered.", "Acest conținut nu a putut fi citit: verificați ce ați introdus.", "Не удалось прочитать: проверьте введённое.";
    DefKeyInvalid => "A code uses small Latin letters, digits and _, starting with a letter (at most 40).", "Un cod folosește litere latine mici, cifre și _, începând cu o literă (cel mult 40).", "Код состоит из строчных латинских букв, цифр и _, начинается с буквы (не более 40).";
    DefKeyDuplicate => "This code is used twice.", "Acest cod este folosit de două ori.", "Этот код использован дважды.";
    DefNoSections => "A form needs at least one section.", "Un formular are nevoie de cel puțin o secțiune.", "В форме нужен хотя бы один раздел.";
    DefNoFields => "Add at least one question here.", "Adăugați cel puțin o întrebare aici.", "Добавьте здесь хотя бы один вопрос.";
    DefConditionSelf => "A question cannot depend on itself.", "O întrebare nu poate depinde de ea însăși.", "Вопрос не может зависеть от самого себя.";
    DefConditionUnknownField => "This condition names a question the form does not have.", "Această condiție numește o întrebare pe care formularul nu o are.", "Условие ссылается на вопрос, которого нет в форме.";
    DefCheckUnknownField => "This check names a question the form does not have.", "Această verificare numește o întrebare pe care formularul nu o are.", "Проверка ссылается на вопрос, которого нет в форме.";
    DefCheckWrongType => "This check does not fit the type of its question.", "Această verificare nu se potrivește tipului întrebării.", "Проверка не подходит к типу вопроса.";
    DefLabelMissing => "Write this text in Romanian and English.", "Scrieți acest text în română și engleză.", "Напишите этот текст на румынском и английском.";
    DefRangeInvalid => "These limits do not make sense: check the smallest and largest values.", "Aceste limite nu au sens: verificați valorile minimă și maximă.", "Эти пределы не имеют смысла: проверьте наименьшее и наибольшее значения.";
    DefNoOptions => "A choice needs options.", "O alegere are nevoie de opțiuni.", "Для выбора нужны варианты.";
    DefOptionDuplicate => "This option is listed twice.", "Această opțiune este listată de două ori.", "Этот вариант указан дважды.";
    DefClassifierMissing => "Name the list the options come from.", "Indicați lista din care provin opțiunile.", "Укажите список, из которого берутся варианты.";
    DefGroupNested => "A repeating group cannot contain another group.", "Un grup repetat nu poate conține alt grup.", "Повторяющаяся группа не может содержать другую группу.";
    DefRowsInvalid => "The fewest rows cannot be more than the most rows.", "Numărul minim de rânduri nu poate depăși maximul.", "Минимум строк не может превышать максимум.";
    DefConditionValueUnknown => "The question this depends on cannot take this value.", "Întrebarea de care depinde nu poate avea această valoare.", "Вопрос, от которого это зависит, не может иметь такое значение.";
    DefNumberInvalid => "Write a number here, or leave it empty.", "Scrieți aici un număr sau lăsați gol.", "Введите число или оставьте пустым.";
    NavForms => "Forms", "Formulare", "Формы";
    SecForms => "Form definitions", "Definițiile formularelor", "Определения форм";
    SecFormsText => "Change the standard forms and publish new versions.", "Modificați formularele standard și publicați versiuni noi.", "Изменение стандартных форм и публикация новых версий.";
    FormsAdminText => "Every form is kept in versions. Forms already started keep the version they were started with; new ones use the published version.", "Fiecare formular se păstrează în versiuni. Formularele începute își păstrează versiunea; cele noi folosesc versiunea publicată.", "Каждая форма хранится в версиях. Начатые формы сохраняют свою версию; новые используют опубликованную.";
    DefPublished => "Published", "Publicată", "Опубликована";
    DefRetired => "Replaced", "Înlocuită", "Заменена";
    DefinitionPublished => "Published. New forms use this version from now on.", "Publicat. Formularele noi folosesc de acum această versiune.", "Опубликовано. Новые формы теперь используют эту версию.";
    StaleDefinition => "Someone else saved this draft meanwhile. This is their version: make your changes again.", "Altcineva a salvat între timp această ciornă. Aceasta este versiunea lor: refaceți modificările.", "Кто-то другой тем временем сохранил этот черновик. Это их версия: внесите изменения снова.";
    QuestionsWord => "questions", "întrebări", "вопросов";
    OpenWord => "Open", "Deschideți", "Открыть";
    EditNewVersion => "Edit a new version", "Editați o versiune nouă", "Редактировать новую версию";
    ContinueDraft => "Continue the draft", "Continuați ciorna", "Продолжить черновик";
    AllForms => "All forms", "Toate formularele", "Все формы";
    FormEditor => "Form editor", "Editorul formularului", "Редактор формы";
    ReadOnlyVersion => "This version is published or replaced and does not change. To change the form, edit a new version.", "Această versiune este publicată sau înlocuită și nu se modifică. Pentru a schimba formularul, editați o versiune nouă.", "Эта версия опубликована или заменена и не меняется. Чтобы изменить форму, редактируйте новую версию.";
    FormTitle => "Form title", "Titlul formularului", "Название формы";
    SectionTitle => "Section title", "Titlul secțiunii", "Название раздела";
    KeyWord => "Key", "Cheie", "Ключ";
    TypeWord => "Type", "Tip", "Тип";
    RequiredWord => "Required to submit", "Obligatoriu la trimitere", "Обязательно при отправке";
    QuestionWord => "Question", "Întrebarea", "Вопрос";
    HelpWord => "Help text", "Text de ajutor", "Подсказка";
    KindText => "Short text", "Text scurt", "Короткий текст";
    KindLongText => "Long text", "Text lung", "Длинный текст";
    KindNumber => "Number", "Număr", "Число";
    KindDate => "Date", "Dată", "Дата";
    KindYesNo => "Yes / no", "Da / nu", "Да / нет";
    KindChoice => "Choice", "Alegere", "Выбор";
    KindPerson => "Household member", "Membru al gospodăriei", "Член домохозяйства";
    KindGroup => "Repeating rows", "Rânduri repetate", "Повторяющиеся строки";
    KindAttachment => "Photos and documents", "Fotografii și documente", "Фото и документы";
    FormatWord => "Keyboard on the phone", "Tastatura pe telefon", "Клавиатура на телефоне";
    FormatPlain => "Text", "Text", "Текст";
    MaxLen => "Longest answer (characters)", "Răspunsul cel mai lung (caractere)", "Самый длинный ответ (символов)";
    MinWord => "Smallest", "Cel mai mic", "Наименьшее";
    MaxWord => "Largest", "Cel mai mare", "Наибольшее";
    DecimalsWord => "Digits after the point", "Cifre după virgulă", "Знаков после запятой";
    MultipleWord => "Several may be chosen", "Se pot alege mai multe", "Можно выбрать несколько";
    OptionsFrom => "Options come from", "Opțiunile provin din", "Варианты берутся из";
    OptionsListed => "The list below", "Lista de mai jos", "Списка ниже";
    Classifier => "Classifier", "Clasificator", "Классификатор";
    OptionsWord => "Options", "Opțiuni", "Варианты";
    OptionWord => "Option", "Opțiunea", "Вариант";
    AddOption => "Add an option", "Adăugați o opțiune", "Добавить вариант";
    MinRows => "Fewest rows", "Cele mai puține rânduri", "Минимум строк";
    MaxRows => "Most rows", "Cele mai multe rânduri", "Максимум строк";
    RowQuestions => "The questions of each row", "Întrebările fiecărui rând", "Вопросы каждой строки";
    AddRowQuestion => "Add a question to each row", "Adăugați o întrebare în fiecare rând", "Добавить вопрос в каждую строку";
    MaxFiles => "Most files", "Cele mai multe fișiere", "Максимум файлов";
    ShowWhen => "Show only when", "Afișați doar când", "Показывать, только когда";
    CondField => "The answer to", "Răspunsul la", "Ответ на";
    CondHow => "Is", "Este", "Это";
    CondValue => "Value (for several, separate by commas)", "Valoarea (mai multe, separate prin virgulă)", "Значение (несколько через запятую)";
    CondAlways => "(always shown)", "(afișat mereu)", "(показывать всегда)";
    CondEquals => "equal to", "egal cu", "равно";
    CondNotEquals => "not equal to", "diferit de", "не равно";
    CondAnyOf => "one of", "unul dintre", "одно из";
    CondAnswered => "answered", "completat", "заполнено";
    CondNotAnswered => "not answered", "necompletat", "не заполнено";
    CondComplex => "a combined rule (kept as it is)", "o regulă combinată (păstrată așa)", "составное правило (сохраняется)";
    AddField => "Add a question", "Adăugați o întrebare", "Добавить вопрос";
    AddSection => "Add a section", "Adăugați o secțiune", "Добавить раздел";
    RemoveWord => "Remove", "Eliminați", "Удалить";
    MoveUp => "Move up", "Mutați mai sus", "Выше";
    MoveDown => "Move down", "Mutați mai jos", "Ниже";
    ChecksWord => "Checks across questions", "Verificări între întrebări", "Проверки между вопросами";
    ChecksText => "Checked when the form is submitted. A check on a question that is removed must go too.", "Se verifică la trimiterea formularului. O verificare pe o întrebare eliminată trebuie eliminată și ea.", "Проверяются при отправке формы. Проверку удалённого вопроса тоже нужно удалить.";
    CheckNotBefore => "not before", "nu înainte de", "не раньше";
    CheckNotAfter => "not after", "nu după", "не позже";
    CheckAgeBelow => "younger than (years)", "mai tânăr de (ani)", "младше (лет)";
    CheckAgeAtLeast => "at least (years old)", "cel puțin (ani)", "не младше (лет)";
    BoundToday => "today", "azi", "сегодня";
    BoundReferral => "the referral date", "data sesizării", "даты направления";
    BoundBirth => "the date of birth", "data nașterii", "даты рождения";
    PreviewWord => "Preview", "Previzualizare", "Предпросмотр";
    PreviewText => "The form as a social worker fills it. Try it: nothing typed here is saved.", "Formularul așa cum îl completează asistentul social. Încercați-l: nimic din ce scrieți aici nu se salvează.", "Форма такой, какой её заполняет социальный работник. Попробуйте: ничего из введённого здесь не сохраняется.";
    PreviewWidth => "Preview width", "Lățimea previzualizării", "Ширина предпросмотра";
    PreviewPhone => "Phone", "Telefon", "Телефон";
    PreviewDesktop => "Desktop", "Calculator", "Компьютер";
    GoToPreview => "Go to the preview", "Mergeți la previzualizare", "Перейти к предпросмотру";
    PublishWord => "Publish", "Publicați", "Опубликовать";
    PublishRefused => "Cannot publish yet: fix the problems marked in the form.", "Nu se poate publica încă: rezolvați problemele marcate în formular.", "Пока нельзя опубликовать: исправьте отмеченные проблемы.";
    ProblemsToFix => "problems to fix before publishing", "probleme de rezolvat înainte de publicare", "проблем нужно исправить до публикации";
    ReadyToPublish => "Nothing stops publishing.", "Nimic nu împiedică publicarea.", "Ничто не мешает публикации.";
    UnsavedChanges => "Changes not saved yet", "Modificări nesalvate", "Изменения не сохранены";
    NotificationsNone => "Notifications: none unread", "Notificări: niciuna necitită", "Уведомления: непрочитанных нет";
    NotificationsUnread => "Unread notifications", "Notificări necitite", "Непрочитанные уведомления";
    NavToday => "Today", "Azi", "Сегодня";
    NavDeadlines => "Deadlines", "Termene", "Сроки";
    NavNotifications => "Notifications", "Notificări", "Уведомления";
    NkCaseAssigned => "A case was assigned to you", "Vi s-a repartizat un caz", "Вам назначен случай";
    NkTransferRequested => "A case is being transferred to you", "Vi se transferă un caz", "Вам передаётся случай";
    NkTransferAccepted => "Your transfer was accepted", "Transferul dvs. a fost acceptat", "Ваша передача принята";
    NkTransferDeclined => "Your transfer was declined", "Transferul dvs. a fost refuzat", "Ваша передача отклонена";
    NkFormApproved => "A form was approved", "Un formular a fost aprobat", "Форма утверждена";
    NkFormReturned => "A form was returned for changes", "Un formular a fost returnat pentru modificări", "Форма возвращена на доработку";
    NkFormSubmitted => "An assessment was submitted", "O evaluare a fost trimisă", "Оценка отправлена";
    NkApprovalWaiting => "Waiting for your approval", "Așteaptă aprobarea dvs.", "Ожидает вашего утверждения";
    LvDueSoon => "Due soon", "Termen apropiat", "Скоро срок";
    LvDueToday => "Due today", "Termen azi", "Срок сегодня";
    LvOverdue => "Overdue", "Termen depășit", "Просрочено";
    LvEscalated => "Escalated", "Escaladat", "Эскалировано";
    AllMarkedRead => "All notifications are marked read.", "Toate notificările sunt marcate ca citite.", "Все уведомления отмечены как прочитанные.";
    UnreadOnly => "Unread", "Necitite", "Непрочитанные";
    AllNotifications => "All", "Toate", "Все";
    Kind => "Kind", "Tip", "Вид";
    AnyKind => "Any kind", "Orice tip", "Любой вид";
    KindAlerts => "Deadline alerts", "Alerte de termen", "Оповещения о сроках";
    MarkAllRead => "Mark all read", "Marchează toate citite", "Отметить все прочитанными";
    NoNotifications => "No notifications here.", "Nicio notificare aici.", "Здесь нет уведомлений.";
    Older => "Older", "Mai vechi", "Старше";
    Unread => "unread", "necitită", "не прочитано";
    Acknowledge => "Seen", "Văzut", "Принято";
    Acknowledged => "Seen; the alert goes away when the work is done.", "Văzut; alerta dispare când lucrul este făcut.", "Принято; оповещение исчезнет, когда работа будет сделана.";
    NothingHere => "Nothing here.", "Nimic aici.", "Здесь ничего нет.";
    TodayIs => "Today is", "Astăzi este", "Сегодня";
    DueToday => "Due today", "Termen azi", "Срок сегодня";
    DueThisWeek => "Due this week", "Termen în această săptămână", "Срок на этой неделе";
    MoreCasesThanShown => "More cases are due than shown here; see your cases.", "Sunt mai multe cazuri cu termen decât se arată aici; vedeți cazurile dvs.", "Случаев со сроком больше, чем показано; см. ваши случаи.";
    YourAlerts => "Your alerts", "Alertele dvs.", "Ваши оповещения";
    NoAlerts => "No alerts: nothing is late or close to its deadline.", "Nicio alertă: nimic nu e întârziat sau aproape de termen.", "Оповещений нет: ничего не просрочено и не близко к сроку.";
    OverdueByWorker => "Overdue work per case manager", "Lucru restant pe manager de caz", "Просроченная работа по специалистам";
    NothingOverdue => "Nothing is overdue in your territory.", "Nimic nu e restant în teritoriul dvs.", "На вашей территории ничего не просрочено.";
    CalendarChanged => "The calendar was changed. New deadlines count with it; deadlines already set stay as they are.", "Calendarul a fost schimbat. Termenele noi se calculează cu el; cele stabilite rămân.", "Календарь изменён. Новые сроки считаются по нему; уже назначенные остаются.";
    CountedIn => "Counted in", "Calculat în", "Считается в";
    WorkingDays => "working days", "zile lucrătoare", "рабочих днях";
    CalendarDays => "calendar days", "zile calendaristice", "календарных днях";
    DeadlineRules => "Days allowed for each step", "Zile acordate pentru fiecare pas", "Дни на каждый шаг";
    DeadlineRulesText => "By risk level. A change applies to deadlines set from now on.", "După nivelul de risc. O schimbare se aplică termenelor stabilite de acum înainte.", "По уровню риска. Изменение действует для сроков, назначаемых с этого момента.";
    Step => "Step", "Pas", "Шаг";
    DueSoonDays => "Alert before a deadline (working days)", "Alertă înainte de termen (zile lucrătoare)", "Оповещать до срока (рабочих дней)";
    DueSoonDaysHint => "0 to 30; 0 alerts on the day itself.", "De la 0 la 30; 0 alertează chiar în ziua termenului.", "От 0 до 30; 0 — в сам день срока.";
    EscalateAfterDays => "Escalate to the supervisor after (working days overdue)", "Escaladare la supervizor după (zile lucrătoare de întârziere)", "Эскалация супервизору после (рабочих дней просрочки)";
    EscalateAfterDaysHint => "1 to 60.", "De la 1 la 60.", "От 1 до 60.";
    LastChanged => "Last changed", "Ultima modificare", "Последнее изменение";
    Holidays => "Public holidays", "Zile de sărbătoare", "Праздничные дни";
    AddHoliday => "Add a holiday", "Adaugă o zi de sărbătoare", "Добавить праздник";
    HolidayDate => "Date", "Data", "Дата";
    HolidayName => "Name", "Denumirea", "Название";
    EveryYear => "Every year", "În fiecare an", "Ежегодно";
    Remove => "Remove", "Elimină", "Убрать";
    OutOfRange => "This number is outside the allowed range.", "Numărul este în afara limitelor permise.", "Число вне допустимых пределов.";
    HolidayExists => "This date is already a holiday.", "Această dată este deja zi de sărbătoare.", "Эта дата уже праздничная.";
    MailEscalationSubject => "Vatra: overdue, escalated to you", "Vatra: termen depășit, escaladat la dvs.", "Vatra: просрочено, передано вам";
    MailEscalationIntro => "A step of a case in your territory is overdue and has been escalated to you.", "Un pas al unui caz din teritoriul dvs. a depășit termenul și a fost escaladat la dvs.", "Шаг случая на вашей территории просрочен и передан вам.";
    MailDigestSubject => "Vatra: your alerts on", "Vatra: alertele dvs. din", "Vatra: ваши оповещения на";
    MailDigestIntro => "What waits for you today:", "Ce vă așteaptă astăzi:", "Что ждёт вас сегодня:";
    MailTicketFooter => "Answer this e-mail to reply to support; the whole conversation is under My tickets in Vatra.", "Răspundeți la acest e-mail pentru a scrie suportului; toată conversația este la Solicitările mele în Vatra.", "Ответьте на это письмо, чтобы написать в поддержку; вся переписка — в разделе «Мои обращения» в Vatra.";
    MailFilesLeftOut => "Files left out (not a photo, PDF or text document, or too large)", "Fișiere lăsate deoparte (nu sunt fotografii, PDF sau documente text, ori sunt prea mari)", "Файлы не приняты (не фото, PDF или текстовый документ, либо слишком большие)";
    MailSeeToday => "Open Vatra and go to Today for the details.", "Deschideți Vatra, pagina Azi, pentru detalii.", "Откройте Vatra, страницу «Сегодня», чтобы узнать подробности.";
    SecTodayText => "What is overdue, due today and due this week, and your alerts.", "Ce a depășit termenul, ce are termen azi și săptămâna aceasta, și alertele dvs.", "Что просрочено, что со сроком сегодня и на этой неделе, и ваши оповещения.";
    SecDeadlinesText => "Days allowed for each step, alert windows and public holidays.", "Zilele acordate pentru fiecare pas, alertele și zilele de sărbătoare.", "Сроки для каждого шага, оповещения и праздничные дни.";
    NavHelp => "Help", "Ajutor", "Помощь";
    NavMyTickets => "My tickets", "Solicitările mele", "Мои обращения";
    NavQueue => "Ticket queue", "Coada solicitărilor", "Очередь обращений";
    TkNew => "New ticket", "Solicitare nouă", "Новое обращение";
    TkHelpTitle => "Ask support for help", "Cereți ajutorul suportului", "Обратиться в поддержку";
    TkHelpText => "Describe what you were doing and what went wrong. Support answers on the ticket's page, and you get a notification.", "Descrieți ce făceați și ce nu a mers. Suportul răspunde pe pagina solicitării, iar dvs. primiți o notificare.", "Опишите, что вы делали и что пошло не так. Поддержка ответит на странице обращения, и вы получите уведомление.";
    TkSubject => "Subject", "Subiect", "Тема";
    TkBody => "What happened", "Ce s-a întâmplat", "Что произошло";
    TkBodyHint => "What you did, what you expected and what you saw instead. Write a beneficiary's personal data only if support needs it.", "Ce ați făcut, ce vă așteptați și ce ați văzut de fapt. Scrieți datele personale ale unui beneficiar doar dacă suportul are nevoie de ele.", "Что вы сделали, чего ожидали и что увидели. Личные данные получателя указывайте, только если они нужны поддержке.";
    TkCategory => "Category", "Categorie", "Категория";
    TicketCategories => "Ticket categories", "Categorii de solicitări", "Категории обращений";
    TkAttachCase => "Attach case", "Atașați cazul", "Приложить случай";
    TkAttachCaseHint => "Support sees the case's number and status, not its content.", "Suportul vede numărul și statutul cazului, nu conținutul lui.", "Поддержка видит номер и статус случая, но не его содержание.";
    TkSentWith => "Sent with the ticket", "Se trimit cu solicitarea", "Отправляется с обращением";
    TkPage => "Page", "Pagina", "Страница";
    TkAppVersion => "App version", "Versiunea aplicației", "Версия приложения";
    TkSend => "Send to support", "Trimiteți la suport", "Отправить в поддержку";
    TkNumber => "Number", "Număr", "Номер";
    TkUpdated => "Updated", "Actualizat", "Обновлено";
    TkNoTickets => "No tickets here.", "Nicio solicitare aici.", "Здесь нет обращений.";
    TkNoOwnTickets => "You have not written to support yet. Use Help at the top of any page.", "Încă nu ați scris suportului. Folosiți Ajutor din partea de sus a oricărei pagini.", "Вы ещё не писали в поддержку. Нажмите «Помощь» вверху любой страницы.";
    TkTicket => "Ticket", "Solicitare", "Обращение";
    TkPriority => "Priority", "Prioritate", "Приоритет";
    TkReporter => "Reported by", "Autor", "Автор";
    TkAssignee => "Assigned to", "Responsabil", "Исполнитель";
    TkNobody => "Nobody", "Nimeni", "Никто";
    TkAnyone => "Anyone", "Oricine", "Кто угодно";
    TkMe => "Me", "Eu", "Я";
    TkContext => "Context", "Context", "Контекст";
    TkCase => "Case", "Caz", "Случай";
    TkClocks => "Time limits", "Termene", "Сроки";
    TkFirstResponse => "First response", "Primul răspuns", "Первый ответ";
    TkResolution => "Resolution", "Soluționare", "Решение";
    TkDueBy => "Due by", "Termen limită", "Срок до";
    TkConversation => "Conversation", "Conversația", "Переписка";
    TkInternalNote => "Internal note", "Notă internă", "Внутренняя заметка";
    TkSupport => "Support", "Suport", "Поддержка";
    TkNoMessages => "No messages yet.", "Încă nu sunt mesaje.", "Сообщений пока нет.";
    TkYourMessage => "Your message", "Mesajul dvs.", "Ваше сообщение";
    TkSendAs => "Send as", "Trimiteți ca", "Отправить как";
    TkModeReply => "Reply to the reporter", "Răspuns pentru autor", "Ответ автору";
    TkModeAsk => "Ask the reporter for information (the clocks pause)", "Cerere de informații de la autor (termenele se suspendă)", "Запрос информации у автора (сроки приостанавливаются)";
    TkModeNote => "Internal note (only support sees it)", "Notă internă (o vede doar suportul)", "Внутренняя заметка (видит только поддержка)";
    TkSendMessage => "Send", "Trimiteți", "Отправить";
    TkResolve => "Mark resolved", "Marcați ca soluționată", "Отметить как решённое";
    TkClose => "Close the ticket", "Închideți solicitarea", "Закрыть обращение";
    TkTriage => "Priority, category and assignee", "Prioritate, categorie și responsabil", "Приоритет, категория и исполнитель";
    TkRateQuestion => "How well did support solve your problem?", "Cât de bine a rezolvat suportul problema dvs.?", "Насколько хорошо поддержка решила вашу проблему?";
    TkRateHint => "1 = not at all, 5 = very well.", "1 = deloc, 5 = foarte bine.", "1 — совсем нет, 5 — очень хорошо.";
    TkSendRating => "Send rating", "Trimiteți evaluarea", "Отправить оценку";
    TkYourRating => "Your rating", "Evaluarea dvs.", "Ваша оценка";
    TkReload => "Reload the ticket", "Reîncărcați solicitarea", "Обновить обращение";
    SrPage => "Saved replies", "Răspunsuri salvate", "Сохранённые ответы";
    SrIntro => "Answers written once and inserted into a reply on a ticket, to be adapted before sending. An archived reply leaves the list; it stays on record.", "Răspunsuri scrise o dată și inserate într-un mesaj la o solicitare, pentru a fi adaptate înainte de trimitere. Un răspuns arhivat iese din listă; rămâne în evidență.", "Ответы, написанные один раз и вставляемые в сообщение по обращению, чтобы изменить их перед отправкой. Ответ в архиве уходит из списка, но сохраняется в записях.";
    SrInUse => "In use", "În uz", "Используются";
    SrNone => "No saved replies yet. Add the answers you write often.", "Încă nu sunt răspunsuri salvate. Adăugați răspunsurile pe care le scrieți des.", "Сохранённых ответов пока нет. Добавьте ответы, которые вы пишете часто.";
    SrTitle => "Title", "Titlu", "Название";
    SrTitleHint => "What agents pick it by, e.g. \"Password reset\".", "După el îl aleg operatorii, de ex. „Resetarea parolei”.", "По нему его выбирают специалисты, например «Сброс пароля».";
    SrBody => "Text", "Text", "Текст";
    SrBodyHint => "Inserted into the message box as it is; the agent adapts it before sending.", "Se inserează în caseta mesajului așa cum este; operatorul îl adaptează înainte de trimitere.", "Вставляется в поле сообщения как есть; специалист изменяет его перед отправкой.";
    SrAdd => "Add a saved reply", "Adăugați un răspuns salvat", "Добавить сохранённый ответ";
    SrChange => "Change the saved reply", "Modificați răspunsul salvat", "Изменить сохранённый ответ";
    SrCancel => "Cancel", "Anulează", "Отмена";
    SrAdded => "The saved reply was added.", "Răspunsul salvat a fost adăugat.", "Сохранённый ответ добавлен.";
    SrArchived => "The saved reply was archived.", "Răspunsul salvat a fost arhivat.", "Сохранённый ответ перенесён в архив.";
    SrGone => "This saved reply is no longer in use: it was archived, or it never existed.", "Acest răspuns salvat nu mai este în uz: a fost arhivat sau nu a existat.", "Этот сохранённый ответ больше не используется: он в архиве или его не было.";
    SrTitleTaken => "Another saved reply has this title.", "Un alt răspuns salvat are acest titlu.", "Другой сохранённый ответ уже называется так.";
    SrReload => "Reload the saved replies", "Reîncărcați răspunsurile salvate", "Обновить сохранённые ответы";
    SrReply => "Saved reply", "Răspuns salvat", "Сохранённый ответ";
    SrInsert => "Insert", "Inserați", "Вставить";
    SrInserted => "Inserted into your message: adapt it before sending.", "Inserat în mesajul dvs.: adaptați-l înainte de trimitere.", "Вставлено в ваше сообщение: измените его перед отправкой.";
    SrManage => "Manage saved replies", "Gestionați răspunsurile salvate", "Управление сохранёнными ответами";
    TkCreated => "Your ticket was sent. Support answers here; you will get a notification.", "Solicitarea a fost trimisă. Suportul răspunde aici; veți primi o notificare.", "Обращение отправлено. Поддержка ответит здесь; вы получите уведомление.";
    TkSent => "Sent.", "Trimis.", "Отправлено.";
    TkRated => "Thank you for your rating.", "Vă mulțumim pentru evaluare.", "Спасибо за оценку.";
    TkResolvedText => "This ticket is resolved. To write on it again, reopen it.", "Solicitarea este soluționată. Pentru a scrie din nou, redeschideți-o.", "Обращение решено. Чтобы снова написать, откройте его заново.";
    TkClosedText => "This ticket is closed. To ask something new, open a new ticket.", "Solicitarea este închisă. Pentru o întrebare nouă, deschideți o solicitare nouă.", "Обращение закрыто. Чтобы задать новый вопрос, создайте новое обращение.";
    TkStatusEvent => "Status changed to", "Statut schimbat în", "Статус изменён на";
    TkBreach => "Time limit", "Termen", "Срок";
    TkSearch => "Number, subject or reporter", "Număr, subiect sau autor", "Номер, тема или автор";
    TkOpenWork => "Still to do", "De rezolvat", "В работе";
    TkAllStatuses => "All, resolved and closed included", "Toate, inclusiv soluționate și închise", "Все, включая решённые и закрытые";
    ErrAlreadyRated => "You have already rated this ticket.", "Ați evaluat deja această solicitare.", "Вы уже оценили это обращение.";
    TsNew => "New", "Nouă", "Новое";
    TsOpen => "Open", "Deschisă", "Открыто";
    TsWaiting => "Waiting on the reporter", "Așteaptă autorul", "Ждёт автора";
    TsResolved => "Resolved", "Soluționată", "Решено";
    TsClosed => "Closed", "Închisă", "Закрыто";
    TsReopened => "Reopened", "Redeschisă", "Открыто повторно";
    PrLow => "Low", "Scăzută", "Низкий";
    PrNormal => "Normal", "Normală", "Обычный";
    PrHigh => "High", "Înaltă", "Высокий";
    PrUrgent => "Urgent", "Urgentă", "Срочный";
    SlaMet => "Met", "Respectat", "Соблюдён";
    SlaPaused => "Paused", "Suspendat", "Приостановлен";
    SlaRunning => "Running", "În curs", "Идёт";
    SlaSoon => "Breaches soon", "Expiră curând", "Скоро истекает";
    SlaBreached => "Breached", "Depășit", "Нарушен";
    TchInApp => "In the app", "În aplicație", "В приложении";
    TchCallCenter => "Call center", "Centrul de apel", "Колл-центр";
    TchEmail => "E-mail", "E-mail", "Эл. почта";
    NavCall => "Register a call", "Înregistrați un apel", "Зарегистрировать звонок";
    CcIntro => "A citizen calls: register the call as a ticket on their behalf. If they are registered, find them by IDNP or phone among the persons of your territory.", "Sună un cetățean: înregistrați apelul ca solicitare în numele lui. Dacă este înregistrat, găsiți-l după IDNP sau telefon printre persoanele teritoriului dvs.", "Звонит гражданин: зарегистрируйте звонок как обращение от его имени. Если он зарегистрирован, найдите его по IDNP или телефону среди лиц вашей территории.";
    CcFind => "Find the caller", "Găsiți apelantul", "Найти звонящего";
    CcFindHint => "Either one is enough.", "Este suficient unul dintre ele.", "Достаточно одного из них.";
    CcNoMatch => "No registered person of your territory has this IDNP or phone. You can register the call all the same.", "Nicio persoană înregistrată în teritoriul dvs. nu are acest IDNP sau telefon. Puteți înregistra apelul oricum.", "Ни у одного зарегистрированного лица вашей территории нет такого IDNP или телефона. Звонок всё равно можно зарегистрировать.";
    CcPerson => "Registered person", "Persoana înregistrată", "Зарегистрированное лицо";
    CcNoPerson => "Do not link a person", "Nu legați o persoană", "Не связывать с лицом";
    CcBorn => "born", "născut(ă)", "род.";
    CcCall => "The call", "Apelul", "Звонок";
    CcCallerName => "Caller's name", "Numele apelantului", "Имя звонящего";
    CcCallerPhone => "Caller's phone", "Telefonul apelantului", "Телефон звонящего";
    CcNotes => "What the caller said", "Ce a spus apelantul", "Что сказал звонящий";
    CcRegister => "Register the call", "Înregistrați apelul", "Зарегистрировать звонок";
    CcCaller => "Caller", "Apelant", "Звонящий";
    CcFollowUp => "A follow-up call", "Un apel repetat", "Повторный звонок";
    CcCallChip => "Call", "Apel", "Звонок";
    NkTicketReplied => "Support replied to your ticket", "Suportul a răspuns la solicitarea dvs.", "Поддержка ответила на ваше обращение";
    NkTicketWaiting => "Support asks you for information on your ticket", "Suportul vă cere informații despre solicitarea dvs.", "Поддержка запрашивает у вас информацию по обращению";
    NkTicketResolved => "Your ticket was resolved", "Solicitarea dvs. a fost soluționată", "Ваше обращение решено";
    NkTicketMessage => "The reporter wrote on a ticket assigned to you", "Autorul a scris la o solicitare atribuită dvs.", "Автор написал в назначенном вам обращении";
    NkTicketAssigned => "A ticket was assigned to you", "Vi s-a atribuit o solicitare", "Вам назначено обращение";
    NkTicketSoon => "A ticket assigned to you is close to its time limit", "O solicitare atribuită dvs. se apropie de termen", "Срок назначенного вам обращения скоро истекает";
    NkTicketBreached => "A ticket assigned to you is past its time limit", "O solicitare atribuită dvs. a depășit termenul", "Срок назначенного вам обращения нарушен";
    ErrTicketClosed => "This ticket is closed: it can be read, not changed. Open a new ticket instead.", "Solicitarea este închisă: poate fi citită, nu modificată. Deschideți o solicitare nouă.", "Обращение закрыто: его можно читать, но не менять. Создайте новое обращение.";
    ErrTicketResolved => "This ticket is resolved: reopen it before writing on it again.", "Solicitarea este soluționată: redeschideți-o înainte de a scrie din nou.", "Обращение решено: откройте его заново, прежде чем писать.";
    FieldTooShort => "This is too short.", "Textul este prea scurt.", "Слишком коротко.";
    ErrNotResolved => "The ticket is not resolved yet.", "Solicitarea nu este încă soluționată.", "Обращение ещё не решено.";
    ErrReopenExpired => "The time to reopen this ticket has passed: open a new ticket.", "Termenul pentru redeschiderea solicitării a expirat: deschideți o solicitare nouă.", "Срок для повторного открытия истёк: создайте новое обращение.";
    ErrInvalidTransition => "The ticket cannot go to this status from the one it has now.", "Solicitarea nu poate trece în acest statut din cel actual.", "Обращение нельзя перевести в этот статус из текущего.";
    SrOffered => "Offer it to users writing a new ticket", "Oferiți-l utilizatorilor care scriu o solicitare nouă", "Предлагать пользователям, пишущим новое обращение";
    SrOfferedHint => "It joins the knowledge base: shown, as it is, to anyone whose subject shares its words, before they send. Write it for them, with no placeholder.", "Intră în baza de cunoștințe: se arată, așa cum este, oricui are în subiect cuvintele lui, înainte să trimită. Scrieți-l pentru ei, fără completări de făcut.", "Попадает в базу знаний: показывается как есть каждому, чья тема содержит его слова, до отправки. Пишите его для них, без пропусков для заполнения.";
    SrInKnowledgeBase => "In the knowledge base", "În baza de cunoștințe", "В базе знаний";
    TkAnswersTitle => "Perhaps one of these answers your question", "Poate unul dintre aceste răspunsuri vă ajută", "Возможно, один из этих ответов поможет";
    TkAnswersHint => "If none does, send your ticket below.", "Dacă niciunul nu vă ajută, trimiteți solicitarea mai jos.", "Если ни один не подходит, отправьте обращение ниже.";
    TkAttachPerson => "Attach the person", "Atașați persoana", "Приложить человека";
    TkFiles => "Screenshots and files", "Capturi de ecran și fișiere", "Снимки экрана и файлы";
    TkFilesHint => "Up to 5 photos, PDF or text documents, each at most", "Până la 5 fotografii, PDF sau documente text, fiecare de cel mult", "До 5 фото, PDF или текстовых документов, каждый не больше";
    TkFilesPrivacy => "Support sees only the files you send here.", "Suportul vede doar fișierele pe care le trimiteți aici.", "Поддержка видит только файлы, которые вы отправите здесь.";
    TkFilesSent => "Files sent with this message", "Fișiere trimise cu acest mesaj", "Файлы, отправленные с этим сообщением";
    TkRemoveFile => "Remove", "Eliminați", "Убрать";
    TkAttachPersonHint => "Support sees that a person is attached, not who they are.", "Suportul vede că este atașată o persoană, nu cine este.", "Поддержка видит, что приложен человек, но не кто он.";
    TkPerson => "Person", "Persoana", "Человек";
    TkPersonAttached => "A registered person (not shown to support)", "O persoană din registru (nu se arată suportului)", "Человек из реестра (не показывается поддержке)";
    SlPage => "SLA targets and assignment", "Termene SLA și repartizare", "Сроки SLA и распределение";
    SlIntro => "How long support may take to answer and to resolve a ticket, in business hours, by priority; and who gets a category's new tickets. Changed targets apply to tickets opened, or whose priority or category changes, from then on.", "Cât timp are suportul pentru a răspunde și a soluționa o solicitare, în ore de lucru, după prioritate; și cine primește solicitările noi dintr-o categorie. Termenele schimbate se aplică solicitărilor deschise de atunci încolo sau cărora li se schimbă prioritatea ori categoria.", "Сколько времени у поддержки на ответ и решение обращения, в рабочих часах, по приоритетам; и кто получает новые обращения категории. Изменённые сроки действуют для обращений, открытых после изменения или у которых меняется приоритет или категория.";
    SecRulesText => "The time limits of support tickets and how new tickets are assigned.", "Termenele solicitărilor de suport și repartizarea celor noi.", "Сроки обращений в поддержку и распределение новых обращений.";
    SlGeneral => "Every category", "Toate categoriile", "Все категории";
    SlFollowsGeneral => "Follows the targets of every category.", "Urmează termenele tuturor categoriilor.", "Действуют сроки для всех категорий.";
    SlOwnTargets => "This category has targets of its own", "Această categorie are termene proprii", "У этой категории свои сроки";
    SlHoursHint => "Business hours (08:00–17:00 on working days), e.g. 4 or 1.5. The first response may not be due after the resolution.", "Ore de lucru (08:00–17:00 în zilele lucrătoare), de ex. 4 sau 1,5. Primul răspuns nu poate avea termen după soluționare.", "Рабочие часы (08:00–17:00 в рабочие дни), например 4 или 1,5. Срок первого ответа не может быть позже срока решения.";
    SlAssignment => "Assignment of new tickets", "Repartizarea solicitărilor noi", "Распределение новых обращений";
    SlManual => "By hand, from the queue", "Manual, din coadă", "Вручную, из очереди";
    SlRoundRobin => "In turn", "Pe rând", "По очереди";
    SlAgents => "Agents taking turns", "Operatorii care preiau pe rând", "Специалисты, принимающие по очереди";
    SlAgentsHint => "None ticked: every support agent.", "Niciunul bifat: toți operatorii de suport.", "Никто не отмечен: все специалисты поддержки.";
    SlEveryAgent => "every support agent", "toți operatorii de suport", "все специалисты поддержки";
    SlChanged => "Last changed by", "Ultima modificare:", "Последнее изменение:";
    TkPick => "Select", "Selectați", "Выбрать";
    TkAssignPicked => "Give the selected tickets to", "Atribuiți solicitările selectate lui", "Назначить выбранные обращения";
    TkAssign => "Assign", "Atribuiți", "Назначить";
    TkAssignedN => "Tickets assigned:", "Solicitări atribuite:", "Назначено обращений:";
    TkAssignSkipped => "Left as they were (changed meanwhile or closed):", "Lăsate neschimbate (modificate între timp sau închise):", "Оставлены без изменений (изменены тем временем или закрыты):";
    ErrFirstAfterResolution => "The first response cannot be due after the resolution.", "Primul răspuns nu poate avea termen după soluționare.", "Срок первого ответа не может быть позже срока решения.";
    SfPage => "Support figures", "Indicatorii suportului", "Показатели поддержки";
    SfIntro => "The tickets opened in the period, by category: how many, and how often the first response and the resolution came within their time limits (counted in business hours, without the time a ticket waited on its reporter).", "Solicitările deschise în perioada aleasă, pe categorii: câte au fost și cât de des primul răspuns și soluționarea au venit în termen (socotit în ore de lucru, fără timpul în care solicitarea a așteptat autorul).", "Обращения, открытые за период, по категориям: сколько их было и как часто первый ответ и решение укладывались в срок (в рабочих часах, без времени ожидания автора).";
    SfMine => "Only the tickets assigned to me", "Doar solicitările atribuite mie", "Только назначенные мне обращения";
    SfShow => "Show", "Afișați", "Показать";
    SfOpened => "Opened", "Deschise", "Открыто";
    SfOnTime => "on time", "în termen", "в срок";
    SfLate => "late", "cu întârziere", "с опозданием";
    SfOverdue => "past the limit, not done", "termen depășit, nerezolvate", "срок истёк, не выполнено";
    SfRating => "Rating", "Evaluare", "Оценка";
    SfRatings => "ratings", "evaluări", "оценок";
    SfAll => "All categories", "Toate categoriile", "Все категории";
    SfNone => "No tickets were opened in this period.", "În această perioadă nu a fost deschisă nicio solicitare.", "За этот период обращений не было.";
    SfBacklog => "Still to do, by age", "De rezolvat, după vechime", "В работе, по давности";
    SfBacklogHint => "Tickets new, open, reopened or waiting on their reporter, today.", "Solicitările noi, deschise, redeschise sau care așteaptă autorul, astăzi.", "Новые, открытые, открытые повторно и ждущие автора обращения на сегодня.";
    SfAge1 => "Under a day", "Sub o zi", "Меньше суток";
    SfAge2 => "1 to 3 days", "1–3 zile", "1–3 дня";
    SfAge3 => "3 to 7 days", "3–7 zile", "3–7 дней";
    SfAge4 => "7 to 30 days", "7–30 de zile", "7–30 дней";
    SfAge5 => "Over 30 days", "Peste 30 de zile", "Более 30 дней";
    SfPeriodReversed => "The end of the period is before its start.", "Sfârșitul perioadei este înaintea începutului ei.", "Конец периода раньше его начала.";
    SfPeriodTooLong => "Choose a period of at most a year.", "Alegeți o perioadă de cel mult un an.", "Выберите период не длиннее года.";
    TeamNarrowed => "Only the cases behind the dashboard's number (one territory or case manager).", "Doar cazurile din spatele numărului din tabloul indicatorilor (un teritoriu sau un manager de caz).", "Только случаи за числом с панели показателей (одна территория или специалист).";
    TeamShowAll => "Show every case", "Afișați toate cazurile", "Показать все случаи";
    NavDashboard => "Dashboard", "Indicatori", "Показатели";
    IdPage => "Dashboard", "Tabloul indicatorilor", "Панель показателей";
    IdIntro => "How the work goes in a territory: active cases now, and what was done in the period. Working days leave out weekends and holidays.", "Cum merge lucrul într-un teritoriu: cazurile active acum și ce s-a făcut în perioada aleasă. Zilele lucrătoare nu cuprind zilele de odihnă și sărbătorile.", "Как идёт работа на территории: активные случаи сейчас и что сделано за период. Рабочие дни — без выходных и праздников.";
    IdWorker => "Case manager", "Managerul de caz", "Ведущий специалист";
    IdAllWorkers => "All case managers", "Toți managerii de caz", "Все ведущие специалисты";
    IdDownload => "Download CSV", "Descărcați CSV", "Скачать CSV";
    IdSuppressed => "Counts from 1 to 4 are shown as “< 5”, and figures drawn from fewer than 5 cases as “n < 5”: so small a number could point to a person.", "Numerele de la 1 la 4 sunt afișate ca „< 5”, iar valorile calculate din mai puțin de 5 cazuri ca „n < 5”: un număr atât de mic ar putea indica o persoană.", "Числа от 1 до 4 показаны как «< 5», а величины по менее чем 5 случаям — как «n < 5»: такое малое число может указать на человека.";
    IdActive => "Active cases, by status and risk", "Cazuri active, după statut și risc", "Активные случаи по статусу и риску";
    IdStatus => "Status", "Statut", "Статус";
    IdTotal => "Total", "Total", "Всего";
    IdByTerritory => "Active cases, by territory", "Cazuri active, după teritoriu", "Активные случаи по территориям";
    IdItself => "(kept at this level)", "(ținute la acest nivel)", "(ведутся на этом уровне)";
    IdReferrals => "Referrals received", "Sesizări primite", "Полученные обращения";
    IdThisPeriod => "This period", "Perioada aleasă", "Выбранный период";
    IdPreviousPeriod => "The period before", "Perioada precedentă", "Предыдущий период";
    IdDurations => "Time to assessment and to plan", "Timpul până la evaluare și până la plan", "Время до оценки и до плана";
    RgReferrals => "Register of referrals", "Registrul sesizărilor", "Журнал обращений";
    RgIntro => "Every referral received in the period, the latest first: who was referred, how, by whom, and where the case stands now.", "Toate sesizările primite în perioada aleasă, cele mai noi întâi: cine a fost sesizat, cum, de cine și unde se află cazul acum.", "Все обращения, полученные за период, начиная с последних: о ком, как, от кого и на каком этапе случай сейчас.";
    RgReceived => "Received", "Primită", "Получено";
    RgPerson => "Person", "Persoana", "Лицо";
    RgReporter => "Referred by", "Sesizat de", "Кто сообщил";
    RgPrint => "Print", "Tipăriți", "Печать";
    RgNone => "No referral was received in this period.", "În această perioadă nu a fost primită nicio sesizare.", "За этот период обращений не поступало.";
    RgBeneficiaries => "Register of beneficiaries", "Registrul beneficiarilor", "Реестр получателей помощи";
    RgBeneficiariesIntro => "Every person whose case was open at some moment of the period, one line per case, the latest taken on first: who they are, where they live, and where the case stands.", "Toate persoanele al căror caz a fost deschis în perioada aleasă, câte un rând pentru fiecare caz, cele mai recent luate în evidență întâi: cine sunt, unde locuiesc și unde se află cazul.", "Все лица, чей случай был открыт в течение периода, по строке на случай, начиная с последних взятых на учёт: кто они, где живут и на каком этапе случай.";
    RgBeneficiariesNone => "No case was open in this period.", "În această perioadă niciun caz nu a fost deschis.", "За этот период не было открытых случаев.";
    RgMeasures => "Register of assistance measures", "Registrul măsurilor de asistență", "Реестр мер помощи";
    RgMeasuresIntro => "Every action of the assistance plans approved in the period and still in force, the latest plan first: the goal, what is done, by whom and by when.", "Toate acțiunile planurilor de asistență aprobate în perioada aleasă și aflate în vigoare, cele mai noi întâi: obiectivul, ce se face, de cine și până când.", "Все действия планов помощи, утверждённых за период и действующих, начиная с последних: цель, что делается, кем и к какому сроку.";
    RgMeasuresNone => "No assistance plan was approved in this period.", "În această perioadă nu a fost aprobat niciun plan de asistență.", "За этот период не утверждено ни одного плана помощи.";
    RgApprovedOn => "Approved on", "Aprobat la", "Утверждён";
    RgGoal => "Goal", "Obiectiv", "Цель";
    RgAction => "Action", "Acțiune", "Действие";
    RgService => "Service", "Serviciu", "Услуга";
    RgResponsible => "Responsible", "Responsabil", "Ответственный";
    RgDue => "Due", "Termen", "Срок";
    DrTitle => "Daily work report", "Raportul zilnic de activitate", "Ежедневный отчёт о работе";
    DrIntro => "What was done on the day, from the record of every change: persons registered, cases opened and their steps, forms filled, submitted and decided on.", "Ce s-a făcut în ziua aleasă, din evidența fiecărei modificări: persoane înregistrate, cazuri deschise și pașii lor, formulare completate, trimise și decise.", "Что сделано за день, по записям каждого изменения: зарегистрированные лица, открытые случаи и их шаги, заполненные, отправленные и рассмотренные формы.";
    DrOpen => "Daily report", "Raport zilnic", "Отчёт за день";
    DrDay => "Day", "Ziua", "День";
    DrNone => "Nothing was recorded on this day.", "În această zi nu a fost înregistrat nimic.", "За этот день ничего не записано.";
    DrTruncated => "The day has more changes than a report lists: these are the first 500 records.", "Ziua are mai multe modificări decât cuprinde un raport: acestea sunt primele 500 de înregistrări.", "За день изменений больше, чем помещается в отчёт: это первые 500 записей.";
    DrTime => "Time", "Ora", "Время";
    DrSubject => "Case or person", "Caz sau persoană", "Случай или лицо";
    DrForm => "Form", "Formular", "Форма";
    DrDone => "What was done", "Ce s-a făcut", "Что сделано";
    DrSignature => "Signature", "Semnătura", "Подпись";
    DrTotRecords => "Records worked on", "Înregistrări lucrate", "Записей в работе";
    DrTotPersons => "Persons registered", "Persoane înregistrate", "Зарегистрировано лиц";
    DrTotCases => "Cases opened", "Cazuri deschise", "Открыто случаев";
    DrTotSteps => "Workflow steps taken", "Pași parcurși", "Пройдено шагов";
    DrTotForms => "Forms submitted", "Formulare trimise", "Отправлено форм";
    DrTotDecided => "Forms decided on", "Formulare decise", "Рассмотрено форм";
    DrPersonRegistered => "Person registered", "Persoană înregistrată", "Лицо зарегистрировано";
    DrPersonArchived => "Person archived", "Persoană arhivată", "Лицо перенесено в архив";
    DrPersonRestored => "Person restored", "Persoană restabilită", "Лицо восстановлено";
    DrPersonChanged => "Person's record changed", "Datele persoanei modificate", "Данные лица изменены";
    DrCaseOpened => "Case opened", "Caz deschis", "Случай открыт";
    DrRiskChanged => "Risk level changed", "Nivelul de risc modificat", "Уровень риска изменён";
    DrTransferRequested => "Transfer requested", "Transfer solicitat", "Запрошена передача";
    DrTransferAccepted => "Transfer accepted", "Transfer acceptat", "Передача принята";
    DrTransferDeclined => "Transfer declined", "Transfer refuzat", "Передача отклонена";
    DrCaseChanged => "Case changed", "Caz modificat", "Случай изменён";
    DrFormStarted => "Form started", "Formular început", "Форма начата";
    DrFormRevised => "Correction started", "Corectare începută", "Начато исправление";
    DrFormFilled => "Form filled in", "Formular completat", "Форма заполнена";
    DrSaves => "saves", "salvări", "сохранений";
    DrFormSubmitted => "Form submitted", "Formular trimis", "Форма отправлена";
    DrFormApproved => "Form approved", "Formular aprobat", "Форма утверждена";
    DrFormReturned => "Form returned", "Formular returnat", "Форма возвращена";
    DrFormSuperseded => "Form replaced by its correction", "Formular înlocuit de corectare", "Форма заменена исправлением";
    RgXlsxFull => "The spreadsheet holds its first million lines: download the CSV file for every line.", "Foaia de calcul cuprinde primul milion de rânduri: descărcați fișierul CSV pentru toate rândurile.", "Таблица содержит первый миллион строк: скачайте файл CSV со всеми строками.";
    RgDownloadXlsx => "Download XLSX", "Descărcați XLSX", "Скачать XLSX";
    DlWaiting => "Preparing the file…", "Se pregătește fișierul…", "Файл готовится…";
    DlReceiving => "Downloading:", "Se descarcă:", "Загружается:";
    DlLines => "lines", "rânduri", "строк";
    DlDone => "Downloaded:", "Descărcat:", "Загружено:";
    DlFailed => "The download failed. Try again.", "Descărcarea nu a reușit. Încercați din nou.", "Не удалось скачать. Попробуйте ещё раз.";
    RgTakenOn => "Taken on", "Luat în evidență", "Взят на учёт";
    RgClosedOn => "Closed on", "Închis la", "Закрыт";
    NavRegisters => "Registers", "Registre", "Журналы";
    IdToAssessment => "From referral to initial assessment", "De la sesizare la evaluarea inițială", "От обращения до первичной оценки";
    IdToPlan => "From assessment to approved plan", "De la evaluare la planul aprobat", "От оценки до утверждённого плана";
    IdDurationHint => "Working days, for those done in the period.", "Zile lucrătoare, pentru cele făcute în perioada aleasă.", "Рабочие дни, для выполненных за период.";
    IdWorkingDays => "working days", "zile lucrătoare", "рабочих дней";
    IdCount => "Cases", "Cazuri", "Случаи";
    IdMedian => "Median", "Mediana", "Медиана";
    IdP90 => "90th percentile", "Percentila 90", "90-й процентиль";
    IdSteps => "Steps done on time", "Pași făcuți în termen", "Шаги, выполненные в срок";
    IdStepsHint => "Steps done in the period on or before their due day, done after it, and still open past it today.", "Pașii făcuți în perioada aleasă până la termen sau după el, și cei încă deschiși cu termenul depășit astăzi.", "Шаги, выполненные за период до срока или после него, и открытые сегодня с истёкшим сроком.";
    IdStep => "Step", "Pasul", "Шаг";
    IdOnTime => "On time", "În termen", "В срок";
    IdLate => "Late", "Cu întârziere", "С опозданием";
    IdOpenOverdue => "Open, past due", "Deschise, termen depășit", "Открыты, срок истёк";
    IdShare => "Share on time", "Ponderea în termen", "Доля в срок";
    IdWorkers => "Caseload per case manager", "Cazurile fiecărui manager de caz", "Нагрузка ведущих специалистов";
    IdCases => "Active cases", "Cazuri active", "Активные случаи";
    IdHighRisk => "High risk", "Risc înalt", "Высокий риск";
    IdOverdue => "Overdue", "Cu termen depășit", "Просрочено";
    IdClosures => "Closures by reason", "Închideri după motiv", "Закрытия по причинам";
    IdReason => "Reason", "Motivul", "Причина";
    IdNoReason => "Reason not recorded", "Motiv neînregistrat", "Причина не записана";
    IdCrGoals => "Goals achieved", "Obiectivele atinse", "Цели достигнуты";
    IdCrMoved => "Moved away", "Schimbarea domiciliului", "Переезд";
    IdCrRefused => "Beneficiary refused", "Refuzul beneficiarului", "Отказ получателя";
    IdCrDeath => "Death", "Deces", "Смерть";
    IdCrTransferred => "Transferred to another service", "Transferat la alt serviciu", "Передан в другую службу";
    IdCrOther => "Other", "Alt motiv", "Другое";
    IdTickets => "Support tickets against their time limits", "Solicitări de suport față de termenele lor", "Обращения в поддержку и их сроки";
    IdTicketsHint => "Every ticket opened in Vatra in the period, whatever the territory.", "Toate solicitările deschise în Vatra în perioada aleasă, oricare ar fi teritoriul.", "Все обращения, открытые в Vatra за период, независимо от территории.";
    IdNoneYet => "Nothing in this period.", "Nimic în această perioadă.", "За этот период ничего.";
    IdPeriod => "Period", "Perioada", "Период";
    IdExportedAt => "Exported at", "Exportat la", "Выгружено";
    IdIndicator => "Indicator", "Indicatorul", "Показатель";
    IdBreakdown => "Breakdown", "Detaliere", "Разбивка";
    IdDetail => "Detail", "Detaliu", "Подробность";
    IdValue => "Value", "Valoarea", "Значение";
    IdYes => "yes", "da", "да";
    IdNo => "no", "nu", "нет";
    IdPeriodTooLong => "Choose a period of at most ten years.", "Alegeți o perioadă de cel mult zece ani.", "Выберите период не длиннее десяти лет.";
}

/// The message for a field error code, in `lang`.
pub fn error_text(lang: Language, code: &str) -> &'static str {
    let k = match code {
        "required" | "territory_unknown" => K::FieldRequired,
        "too_long" => K::FieldTooLong,
        "out_of_range" => K::OutOfRange,
        "holiday_exists" => K::HolidayExists,
        "invalid_chars" => K::FieldInvalidChars,
        "username_too_short" => K::UsernameTooShort,
        "username_chars" => K::UsernameChars,
        "username_taken" | "taken" => K::UsernameTaken,
        "title_taken" => K::SrTitleTaken,
        "email_invalid" => K::EmailInvalid,
        "phone_invalid" => K::PhoneInvalid,
        "password_too_short" => K::PasswordTooShort,
        "password_too_long" => K::PasswordTooLong,
        "password_contains_username" => K::PasswordContainsUsername,
        "password_too_common" => K::PasswordTooCommon,
        "password_mismatch" => K::PasswordMismatch,
        "password_unchanged" => K::PasswordUnchanged,
        "wrong_password" => K::WrongPassword,
        "wrong_credentials" => K::WrongCredentials,
        "roles_required" | "role_unknown" => K::RolesRequired,
        "territory_out_of_scope" => K::TerritoryOutOfScope,
        "cannot_deactivate_self" => K::CannotDeactivateSelf,
        "cannot_change_own_roles" => K::CannotChangeOwnRoles,
        "grant_own_request" => K::GrantOwnRequest,
        "grant_gone" => K::GrantGone,
        "date_invalid" | "invalid_date" => K::DateInvalid,
        "idnp_digits" => K::IdnpDigits,
        "idnp_length" => K::IdnpLength,
        "idnp_check" => K::IdnpCheck,
        "idnp_registered" => K::IdnpRegistered,
        "idnp_cannot_be_removed" => K::IdnpCannotBeRemoved,
        "provisional_format" | "provisional_check" => K::ProvisionalFormat,
        "possible_duplicate" => K::PossibleDuplicate,
        "in_future" => K::InFuture,
        "too_old" => K::TooOld,
        "invalid_choice" | "invalid_code" => K::InvalidChoice,
        "needs_degree" => K::NeedsDegree,
        "not_from_status" | "suspended_unknown" | "prior_unknown" | "remembered_invalid" | "closed" => K::NotFromStatus,
        "no_manager" => K::NoManager,
        "transfer_pending" => K::TransferPending,
        "same_manager" => K::SameManager,
        "before_registration" => K::BeforeRegistration,
        "person_unknown" => K::PersonUnknown,
        "same_person" => K::SamePerson,
        "relation_exists" => K::RelationExists,
        "code_format" => K::CodeFormat,
        "code_taken" => K::CodeTaken,
        "unknown_field" => K::FormUnknownField,
        "wrong_shape" => K::FormWrongShape,
        "too_many_rows" => K::FormTooManyRows,
        "too_few_rows" => K::FormTooFewRows,
        "too_many_files" => K::FormTooManyFiles,
        "too_large" => K::FileTooLarge,
        "empty_file" => K::FileEmpty,
        "file_type" => K::FileType,
        "unknown_file" => K::FileUnknown,
        "offline_file" => K::FileOffline,
        "file_lost" => K::FileLost,
        "upload_failed" | "one_file" => K::FileFailed,
        "not_a_number" => K::FormNotANumber,
        "not_whole" => K::FormNotWhole,
        "too_many_decimals" => K::FormTooManyDecimals,
        "below_min" => K::FormBelowMin,
        "above_max" => K::FormAboveMax,
        "not_in_household" => K::FormNotInHousehold,
        "date_before_today" => K::FormDateBeforeToday,
        "date_before_referral" => K::FormDateBeforeReferral,
        "date_before_birth" => K::FormDateBeforeBirth,
        "date_before_field" => K::FormDateBeforeField,
        "date_after_today" => K::FormDateAfterToday,
        "date_after_referral" => K::FormDateAfterReferral,
        "date_after_birth" => K::FormDateAfterBirth,
        "date_after_field" => K::FormDateAfterField,
        "age_too_high" => K::FormAgeTooHigh,
        "age_too_low" => K::FormAgeTooLow,
        "through_form" => K::FormThroughForm,
        "form_missing" => K::FormMissing,
        "not_now" => K::FormNotNow,
        "exists" => K::FormExists,
        "read_only" => K::FormReadOnly,
        "no_definition" => K::FormNoDefinition,
        "published" => K::FormPublished,
        "invalid" => K::FormInvalid,
        "key_invalid" => K::DefKeyInvalid,
        "key_duplicate" => K::DefKeyDuplicate,
        "no_sections" => K::DefNoSections,
        "no_fields" => K::DefNoFields,
        "condition_self" => K::DefConditionSelf,
        "condition_unknown_field" => K::DefConditionUnknownField,
        "check_unknown_field" => K::DefCheckUnknownField,
        "check_wrong_type" => K::DefCheckWrongType,
        "label_missing" => K::DefLabelMissing,
        "range_invalid" => K::DefRangeInvalid,
        "no_options" => K::DefNoOptions,
        "option_duplicate" => K::DefOptionDuplicate,
        "classifier_missing" => K::DefClassifierMissing,
        "group_nested" => K::DefGroupNested,
        "rows_invalid" => K::DefRowsInvalid,
        "condition_value_unknown" => K::DefConditionValueUnknown,
        "number_invalid" => K::DefNumberInvalid,
        "first_after_resolution" => K::ErrFirstAfterResolution,
        "ticket_closed" => K::ErrTicketClosed,
        "ticket_resolved" => K::ErrTicketResolved,
        "too_short" => K::FieldTooShort,
        "already_rated" => K::ErrAlreadyRated,
        "not_resolved" => K::ErrNotResolved,
        "reopen_expired" => K::ErrReopenExpired,
        "invalid_transition" => K::ErrInvalidTransition,
        "period_reversed" => K::SfPeriodReversed,
        "period_too_long" => K::SfPeriodTooLong,
        "period_over_ten_years" => K::IdPeriodTooLong,
        _ => K::FieldCheck,
    };
    k.text(lang)
}

/// Makes the page language available to every component below.
pub fn provide_language(lang: Signal<Language>) {
    provide_context(lang);
}

/// The page language (English when none was provided).
pub fn use_language() -> Signal<Language> {
    use_context::<Signal<Language>>().unwrap_or_else(|| Signal::stored(Language::En))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_translated_and_not_blank() {
        for k in K::ALL {
            let en = k.text(Language::En);
            for lang in Language::ALL {
                let t = k.text(lang);
                assert!(!t.trim().is_empty(), "{k:?} {lang:?}");
                if lang == Language::Ru {
                    // Russian texts are written in Cyrillic, not left in English.
                    assert!(
                        t == en || t.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)) || t.len() < 12,
                        "{k:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_error_code_the_domain_emits_has_its_own_message() {
        let codes = [
            "required",
            "too_long",
            "invalid_chars",
            "username_too_short",
            "username_chars",
            "username_taken",
            "title_taken",
            "email_invalid",
            "phone_invalid",
            "password_too_short",
            "password_too_long",
            "password_contains_username",
            "password_too_common",
            "password_mismatch",
            "password_unchanged",
            "wrong_password",
            "wrong_credentials",
            "roles_required",
            "territory_out_of_scope",
            "cannot_deactivate_self",
            "cannot_change_own_roles",
            "grant_own_request",
            "grant_gone",
            "date_invalid",
            "idnp_digits",
            "idnp_length",
            "idnp_check",
            "idnp_registered",
            "provisional_format",
            "possible_duplicate",
            "in_future",
            "too_old",
            "invalid_choice",
            "not_from_status",
            "no_manager",
            "transfer_pending",
            "before_registration",
            "person_unknown",
            "relation_exists",
            "out_of_range",
            "holiday_exists",
            // Case forms.
            "unknown_field",
            "wrong_shape",
            "too_many_rows",
            "too_few_rows",
            "too_many_files",
            "not_a_number",
            "not_whole",
            "too_many_decimals",
            "below_min",
            "above_max",
            "invalid_date",
            "not_in_household",
            "date_before_today",
            "date_before_referral",
            "date_before_birth",
            "date_before_field",
            "date_after_today",
            "date_after_referral",
            "date_after_birth",
            "date_after_field",
            "age_too_high",
            "age_too_low",
            "through_form",
            "form_missing",
            "not_now",
            "exists",
            "read_only",
            "no_definition",
            "published",
            "key_invalid",
            "key_duplicate",
            "no_sections",
            "no_fields",
            "condition_self",
            "condition_unknown_field",
            "check_unknown_field",
            "check_wrong_type",
            "label_missing",
            "range_invalid",
            "no_options",
            "option_duplicate",
            "classifier_missing",
            "group_nested",
            "rows_invalid",
            // Support tickets.
            "ticket_closed",
            "ticket_resolved",
            "too_short",
            "already_rated",
            "not_resolved",
            "reopen_expired",
            "invalid_transition",
            "period_reversed",
            "period_too_long",
            "first_after_resolution",
            // Indicators.
            "period_over_ten_years",
        ];
        let generic = K::FieldCheck.text(Language::Ro);
        for c in codes {
            assert_ne!(error_text(Language::Ro, c), generic, "{c}");
        }
    }
}
