//! Every text the interface shows, in English, Romanian and Russian.
//!
//! A typed catalogue: a missing translation is a compile error, and the
//! texts cost nothing to look up in the browser.

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
    SignOutEverywhere => "Sign out everywhere", "Ieșire de pe toate dispozitivele", "Выйти на всех устройствах";
    SignOutEverywhereText => "Ends your sessions on every phone, tablet and computer, this one included.", "Închide sesiunile pe toate telefoanele, tabletele și calculatoarele, inclusiv acesta.", "Завершает ваши сеансы на всех телефонах, планшетах и компьютерах, включая этот.";
    Username => "User name", "Nume de utilizator", "Имя пользователя";
    Password => "Password", "Parolă", "Пароль";
    NavMain => "Main navigation", "Navigare principală", "Основная навигация";
    NavHome => "Home", "Acasă", "Главная";
    NavUsers => "Users", "Utilizatori", "Пользователи";
    NavAudit => "Audit log", "Jurnal de audit", "Журнал аудита";
    NavProfile => "Profile", "Profil", "Профиль";
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
    UserCreated => "The user was created. Give them the temporary password; they must change it at first sign-in.", "Utilizatorul a fost creat. Comunicați-i parola temporară; o va schimba la prima autentificare.", "Пользователь создан. Передайте ему временный пароль; при первом входе его нужно сменить.";
    TemporaryPassword => "Temporary password", "Parolă temporară", "Временный пароль";
    TemporaryPasswordHint => "The user must change it at first sign-in.", "Utilizatorul o va schimba la prima autentificare.", "Пользователь сменит его при первом входе.";
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
    WrongCredentials => "Wrong user name or password.", "Nume de utilizator sau parolă greșită.", "Неверное имя пользователя или пароль.";
    RolesRequired => "Choose at least one role.", "Alegeți cel puțin un rol.", "Выберите хотя бы одну роль.";
    TerritoryOutOfScope => "You can only choose territories within your own.", "Puteți alege doar teritorii din cadrul propriului teritoriu.", "Можно выбрать только территории в пределах вашей.";
    CannotDeactivateSelf => "You cannot deactivate your own account.", "Nu vă puteți dezactiva propriul cont.", "Нельзя отключить собственную учётную запись.";
    DateInvalid => "Use a date like 2026-11-23.", "Folosiți o dată de forma 2026-11-23.", "Используйте дату вида 2026-11-23.";
}

/// The message for a field error code, in `lang`.
pub fn error_text(lang: Language, code: &str) -> &'static str {
    let k = match code {
        "required" | "territory_unknown" => K::FieldRequired,
        "too_long" => K::FieldTooLong,
        "invalid_chars" => K::FieldInvalidChars,
        "username_too_short" => K::UsernameTooShort,
        "username_chars" => K::UsernameChars,
        "username_taken" | "taken" => K::UsernameTaken,
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
        "date_invalid" => K::DateInvalid,
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
            "date_invalid",
        ];
        let generic = K::FieldCheck.text(Language::Ro);
        for c in codes {
            assert_ne!(error_text(Language::Ro, c), generic, "{c}");
        }
    }
}
