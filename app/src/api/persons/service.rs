//! The server side of the persons area.

use super::*;
use crate::api::access::{on_person, reachable};
use crate::api::history::{history_in_words, with_changed_fields};
use crate::api::today;
use crate::api::{local_time, version_as_of};
use crate::domain::duplicate::{compare_births, NEAR_DAYS};
use crate::domain::idnp::{Idnp, PersonKey};
use crate::domain::names::{compare_names, name_key};
use crate::domain::person::{age_on, PersonStatus, RelationKind, ValidPerson};
use crate::domain::user::Language;
use crate::domain::{FieldErrors, Permission, TerritoryPath};
use crate::server::OrFail;
use crate::server::{Ctx, CurrentUser};
use crate::store::history::ObjectType;
use crate::store::persons::{self as ps, PersonQuery, PersonRow};
use crate::store::{audit, Outcome, StoreError};
use chrono::NaiveDate;

/// Validates the input, checks its territories exist and lie within the
/// caller's, and that its classifier codes are known.
async fn valid_input(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    input: &PersonInput,
) -> Result<(ValidPerson, TerritoryPath), AppError> {
    let (valid, mut errors) = match input.validate(today()) {
        Ok(v) => (Some(v), FieldErrors::new()),
        Err(e) => (None, e),
    };
    let mut path = None;
    if let Some(v) = &valid {
        match ctx.state.store.territory(v.domicile_territory_id).await {
            Ok(t) if user.territory().contains(&t.path()) => path = Some(t.path()),
            Ok(_) => errors.push("domicile_territory_id", "territory_out_of_scope"),
            Err(StoreError::NotFound) => errors.push("domicile_territory_id", "territory_unknown"),
            Err(e) => return Err(ctx.fail(action, e)),
        }
        if let Some(r) = v.residence_territory_id {
            match ctx.state.store.territory(r).await {
                Ok(_) => {}
                Err(StoreError::NotFound) => errors.push("residence_territory_id", "territory_unknown"),
                Err(e) => return Err(ctx.fail(action, e)),
            }
        }
        let unknown = ctx.state.store.unknown_codes("vulnerability", &v.vulnerabilities).await.or_fail(ctx, action)?;
        if !unknown.is_empty() {
            errors.push("vulnerabilities", "invalid_choice");
        }
        if let Some(l) = &v.disability_limitation {
            let unknown = ctx
                .state
                .store
                .unknown_codes("disability_limitation", std::slice::from_ref(l))
                .await
                .or_fail(ctx, action)?;
            if !unknown.is_empty() {
                errors.push("disability_limitation", "invalid_choice");
            }
        }
    }
    match (valid, path) {
        (Some(v), Some(p)) if errors.is_empty() => Ok((v, p)),
        _ => Err(ctx.refuse(Some(user), action, AppError::Invalid(errors), "invalid").await),
    }
}

fn hint(key: &str) -> String {
    let n = key.chars().count();
    format!("…{}", key.chars().skip(n.saturating_sub(4)).collect::<String>())
}

/// The registered persons who may be the one described, and why. Checks
/// the whole register, not only the caller's territory; only what is needed
/// to recognise the person is shown, and a link only where the caller may look.
async fn candidates(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    idnp: Option<&Idnp>,
    names: (&str, &str),
    birth: Option<NaiveDate>,
    exclude: Option<i64>,
) -> Result<Vec<CandidateView>, AppError> {
    let store = &ctx.state.store;
    let key = name_key(names.0, names.1);
    let mut rows = Vec::new();
    if let Some(birth) = birth.filter(|_| !key.is_empty()) {
        rows = store
            .duplicate_candidates(idnp.map(Idnp::as_str), &key, birth, NEAR_DAYS, exclude, 500)
            .await
            .or_fail(ctx, action)?;
    } else if let Some(i) = idnp {
        if let Some(id) = store.person_id_by_key(i.as_str()).await.or_fail(ctx, action)? {
            if Some(id) != exclude {
                let p = store.person(id).await.or_fail(ctx, action)?;
                let t = store.territory(p.domicile_territory_id).await.or_fail(ctx, action)?;
                rows.push(ps::CandidateRow {
                    id: p.id,
                    idnp: p.idnp,
                    provisional_id: p.provisional_id,
                    last_name: p.last_name,
                    first_name: p.first_name,
                    birth_date: p.birth_date,
                    territory_path: p.territory_path,
                    territory_name: t.name,
                });
            }
        }
    }
    let scope = user.territory();
    let mut out = Vec::new();
    for r in rows {
        let same_idnp = idnp.is_some_and(|i| r.idnp.as_deref() == Some(i.as_str()));
        let name_match = compare_names(names.0, names.1, &r.last_name, &r.first_name);
        let birth_match = birth.and_then(|b| compare_births(b, r.birth_date));
        if !same_idnp && (name_match.is_none() || birth_match.is_none()) {
            continue;
        }
        let path = TerritoryPath::parse(&r.territory_path);
        let visible = path.is_some_and(|p| scope.contains(&p));
        // Outside the caller's territory only the fact is told: a person with this IDNP (or
        // like this one) is registered elsewhere. Nothing of theirs is shown.
        if !visible {
            out.push(CandidateView { person: r.id, same_idnp, ..CandidateView::elsewhere() });
            continue;
        }
        let key = r.idnp.clone().or(r.provisional_id.clone()).unwrap_or_default();
        out.push(CandidateView {
            person: r.id,
            id: Some(r.id),
            key_hint: hint(&key),
            last_name: r.last_name,
            first_name: r.first_name,
            birth_date: r.birth_date.to_string(),
            territory_name: r.territory_name,
            same_idnp,
            name_match,
            birth_match,
            elsewhere: false,
        });
    }
    out.sort_by_key(|c| !c.same_idnp);
    out.truncate(20);
    Ok(out)
}

pub(crate) fn view(row: &PersonRow, territory: String) -> PersonView {
    PersonView {
        id: row.id,
        idnp: row.idnp.clone(),
        provisional_id: row.provisional_id.clone(),
        no_idnp_reason: row.no_idnp_reason.clone(),
        last_name: row.last_name.clone(),
        first_name: row.first_name.clone(),
        birth_date: row.birth_date.to_string(),
        age: age_on(row.birth_date, today()),
        sex: row.sex.clone(),
        id_doc_type: row.id_doc_type.clone(),
        id_doc_number: row.id_doc_number.clone(),
        disability_degree: row.disability_degree.clone(),
        disability_limitation: row.disability_limitation.clone(),
        domicile_territory_id: row.domicile_territory_id,
        domicile_territory: territory,
        domicile_address: row.domicile_address.clone(),
        residence_territory_id: row.residence_territory_id,
        residence_address: row.residence_address.clone(),
        phone: row.phone.clone(),
        email: row.email.clone(),
        vulnerabilities: row.vulnerability_codes(),
        vulnerability_names: Vec::new(),
        limitation_name: None,
        archived: row.status() == PersonStatus::Archived,
        status_reason: row.status_reason.clone(),
        registered_at: local_time(row.created_at),
        updated_at: local_time(row.updated_at),
        version: row.version,
    }
}

pub async fn search(
    q: Option<String>,
    birth_date: Option<String>,
    territory_id: Option<i64>,
    after: Option<String>,
) -> Result<PersonPageView, AppError> {
    const ACTION: &str = "persons.search";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ViewPersons, None).await?;
    let mut query = PersonQuery::default();
    let mut errors = FieldErrors::new();
    if let Some(q) = q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        match PersonKey::parse(q) {
            Some(k) => query.key = Some(k.as_str().to_owned()),
            None if q.chars().all(|c| c.is_ascii_digit() || c == ' ') => errors.push("q", "idnp_check"),
            None => {
                if !query.set_name(q) {
                    errors.push("q", "invalid");
                }
            }
        }
    }
    if let Some(b) = birth_date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        match NaiveDate::parse_from_str(b, "%Y-%m-%d") {
            Ok(d) => query.birth_date = Some(d),
            Err(_) => errors.push("birth_date", "invalid_date"),
        }
    }
    if let Some(t) = territory_id.filter(|t| *t > 0) {
        match ctx.state.store.territory(t).await {
            Ok(t) if user.territory().contains(&t.path()) => query.within = Some(t.path()),
            Ok(_) => errors.push("territory_id", "territory_out_of_scope"),
            Err(StoreError::NotFound) => errors.push("territory_id", "territory_unknown"),
            Err(e) => return Err(ctx.fail(ACTION, e)),
        }
    }
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let mut rows = ctx
        .state
        .store
        .search_persons(&user.territory(), &query, after.as_deref(), PAGE_SIZE + 1)
        .await
        .or_fail(&ctx, ACTION)?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "rows": rows.len(), "page": after.is_some() });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(PersonPageView {
        next_after: if more { rows.last().map(ps::cursor_of) } else { None },
        items: rows
            .into_iter()
            .map(|r| PersonListItemView {
                key: r.idnp.clone().or(r.provisional_id.clone()).unwrap_or_default(),
                archived: r.status == PersonStatus::Archived.as_str(),
                id: r.id,
                last_name: r.last_name,
                first_name: r.first_name,
                birth_date: r.birth_date.to_string(),
                territory_name: r.territory_name,
            })
            .collect(),
    })
}

pub async fn check(input: PersonInput, exclude: Option<i64>) -> Result<Vec<CandidateView>, AppError> {
    const ACTION: &str = "persons.check";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::RegisterPersons, None).await?;
    let idnp = Idnp::parse(&input.idnp).ok();
    let birth = NaiveDate::parse_from_str(input.birth_date.trim(), "%Y-%m-%d").ok();
    let (last, first) = (input.last_name.trim(), input.first_name.trim());
    if idnp.is_none() && (last.is_empty() || first.is_empty() || birth.is_none()) {
        return Ok(Vec::new());
    }
    let found = candidates(&ctx, &user, ACTION, idnp.as_ref(), (last, first), birth, exclude).await?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    // The key looked up and every person found, in the caller's territory or not.
    ev.details = serde_json::json!({
        "idnp": idnp.as_ref().map(Idnp::as_str),
        "candidates": found.len(),
        "found": found.iter().map(|c| c.person).collect::<Vec<_>>(),
        "elsewhere": found.iter().filter(|c| c.elsewhere).map(|c| c.person).collect::<Vec<_>>(),
    });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(found)
}

pub async fn register(input: PersonInput, distinct_note: String) -> Result<(), AppError> {
    const ACTION: &str = "persons.register";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::RegisterPersons, None).await?;
    let (v, path) = valid_input(&ctx, &user, ACTION, &input).await?;
    let found =
        candidates(&ctx, &user, ACTION, v.idnp.as_ref(), (&v.last_name, &v.first_name), Some(v.birth_date), None)
            .await?;
    if found.iter().any(|c| c.same_idnp) {
        let mut e = FieldErrors::new();
        e.push("idnp", "idnp_registered");
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "same idnp").await);
    }
    let note = distinct_note.trim();
    if !found.is_empty() && note.is_empty() {
        let mut e = FieldErrors::new();
        e.push("distinct_note", "possible_duplicate");
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "possible duplicate").await);
    }
    if note.chars().count() > 1000 {
        let mut e = FieldErrors::new();
        e.push("distinct_note", "too_long");
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "invalid").await);
    }
    let note = (!found.is_empty()).then_some(note);
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let row = match ps::register(&mut tx, &v, &path, note, user.id()).await {
        Ok(r) => r,
        Err(StoreError::Duplicate(_)) => {
            drop(tx);
            let mut e = FieldErrors::new();
            e.push("idnp", "idnp_registered");
            return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "same idnp").await);
        }
        Err(e) => return Err(ctx.failed(Some(&user), ACTION, e).await),
    };
    let mut ev = on_person(&ctx, &user, ACTION, row.id);
    ev.details = serde_json::json!({
        "provisional": row.provisional_id.is_some(),
        "near_matches": found.len(),
        "distinct_note": note.is_some(),
    });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect(&format!("/persons/{}?registered=1", row.id));
    Ok(())
}

pub async fn get(id: i64, as_of: Option<String>) -> Result<PersonDetailView, AppError> {
    const ACTION: &str = "persons.view";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ViewPersons, None).await?;
    let current = reachable(&ctx, &user, ACTION, id).await?;
    let store = &ctx.state.store;
    let (row, as_of_label) = version_as_of(&ctx, &user, ACTION, ObjectType::Person, id, &current, as_of).await?;
    let territory = store.territory(row.domicile_territory_id).await.map(|t| t.name).unwrap_or_default();
    let relations = store.relations(id).await.or_fail(&ctx, ACTION)?;
    let cases = store.cases_of_person(id).await.or_fail(&ctx, ACTION)?;
    let mut ev = on_person(&ctx, &user, ACTION, id);
    ev.details = serde_json::json!({ "as_of": as_of_label });
    store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    let archived = current.status() == PersonStatus::Archived;
    let mut person = view(&row, territory);
    let name_in = |r: &crate::store::classifiers::ClassifierRow| match user.language() {
        Language::Ro => r.name_ro.clone(),
        Language::Ru => r.name_ru.clone(),
        Language::En => r.name_en.clone(),
    };
    if let Ok(all) = store.classifier_admin_rows("vulnerability").await {
        person.vulnerability_names = person
            .vulnerabilities
            .iter()
            .map(|c| all.iter().find(|r| &r.code == c).map(name_in).unwrap_or_else(|| c.clone()))
            .collect();
    }
    if let (Some(code), Ok(all)) =
        (&person.disability_limitation, store.classifier_admin_rows("disability_limitation").await)
    {
        person.limitation_name =
            Some(all.iter().find(|r| &r.code == code).map(name_in).unwrap_or_else(|| code.clone()));
    }
    Ok(PersonDetailView {
        may_edit: as_of_label.is_none() && user.may(Permission::RegisterPersons, Some(&current.path())) && !archived,
        may_open_case: as_of_label.is_none() && user.roles().allows(Permission::EditAssignedCases) && !archived,
        person,
        as_of: as_of_label,
        relations: relations
            .into_iter()
            .map(|r| RelationView {
                id: r.id,
                kind: r.kind,
                other_id: r.other_id,
                other_name: format!("{} {}", r.other_last_name, r.other_first_name),
                other_birth_date: r.other_birth_date.to_string(),
                note: r.note,
            })
            .collect(),
        cases: cases.into_iter().map(crate::api::cases::card).collect(),
    })
}

/// Loads a person the caller may change: within their territory and not archived.
async fn editable(ctx: &Ctx, action: &str, id: i64) -> Result<(CurrentUser, PersonRow), AppError> {
    let user = ctx.authorize(action, Permission::RegisterPersons, None).await?;
    let row = reachable(ctx, &user, action, id).await?;
    if !user.territory().contains(&row.path()) {
        return Err(ctx.refuse(Some(&user), action, AppError::Forbidden, "territory").await);
    }
    if row.status() == PersonStatus::Archived {
        let e = AppError::Conflict { field: String::new(), code: "read_only".into() };
        return Err(ctx.refuse(Some(&user), action, e, "archived").await);
    }
    Ok((user, row))
}

pub async fn update(id: i64, version: i64, input: PersonInput) -> Result<(), AppError> {
    const ACTION: &str = "persons.update";
    let ctx = Ctx::current()?;
    let (user, row) = editable(&ctx, ACTION, id).await?;
    let (v, path) = valid_input(&ctx, &user, ACTION, &input).await?;
    if row.idnp.is_some() && v.idnp.is_none() {
        let mut e = FieldErrors::new();
        e.push("idnp", "idnp_cannot_be_removed");
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "idnp removed").await);
    }
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let after = match ps::update(&mut tx, id, version, &v, &path, user.id()).await {
        Ok(r) => r,
        Err(StoreError::Duplicate(_)) => {
            drop(tx);
            let mut e = FieldErrors::new();
            e.push("idnp", "idnp_registered");
            return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "same idnp").await);
        }
        Err(e) => {
            drop(tx);
            let e = ctx.failed(Some(&user), ACTION, e).await;
            return Err(with_changed_fields(&ctx, ObjectType::Person, id, version, e).await);
        }
    };
    let mut ev = on_person(&ctx, &user, ACTION, id);
    let changed = crate::store::history::diff(Some(&row.snapshot()), &after.snapshot());
    let fields: Vec<&String> = changed.as_object().map(|m| m.keys().collect()).unwrap_or_default();
    ev.details = serde_json::json!({ "fields": fields, "version": after.version });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect(&format!("/persons/{id}?saved=1"));
    Ok(())
}

pub async fn archive(id: i64, version: i64, archive: bool, reason: String) -> Result<(), AppError> {
    let action = if archive { "persons.archive" } else { "persons.restore" };
    let ctx = Ctx::current()?;
    let user = ctx.authorize(action, Permission::RegisterPersons, None).await?;
    let row = reachable(&ctx, &user, action, id).await?;
    if !user.territory().contains(&row.path()) {
        return Err(ctx.refuse(Some(&user), action, AppError::Forbidden, "territory").await);
    }
    let reason = match crate::domain::case::parse_reason(&reason) {
        Ok(r) => r,
        Err(e) => return Err(ctx.refuse(Some(&user), action, e.into(), "invalid").await),
    };
    let status = if archive { PersonStatus::Archived } else { PersonStatus::Active };
    if row.status() == status {
        let mut e = FieldErrors::new();
        e.push("reason", "not_from_status");
        return Err(ctx.refuse(Some(&user), action, AppError::Invalid(e), "already in that state").await);
    }
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, action)?;
    if let Err(e) = ps::set_status(&mut tx, id, version, status, &reason, user.id()).await {
        drop(tx);
        let e = ctx.failed(Some(&user), action, e).await;
        return Err(with_changed_fields(&ctx, ObjectType::Person, id, version, e).await);
    }
    let ev = on_person(&ctx, &user, action, id);
    audit::append(&mut tx, &ev).await.or_fail(&ctx, action)?;
    tx.commit().await.or_fail(&ctx, action)?;
    leptos_axum::redirect(&format!("/persons/{id}?saved=1"));
    Ok(())
}

/// Turns stored history rows into entries a person can read.
pub async fn history(id: i64, before: Option<i64>) -> Result<HistoryPageView, AppError> {
    const ACTION: &str = "persons.history";
    const LIMIT: i64 = 20;
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ViewPersons, None).await?;
    reachable(&ctx, &user, ACTION, id).await?;
    let rows = ctx.state.store.history(ObjectType::Person, id, before, LIMIT + 1).await.or_fail(&ctx, ACTION)?;
    let page = history_in_words(&ctx, &user, ACTION, rows, LIMIT).await?;
    let ev = on_person(&ctx, &user, ACTION, id);
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(page)
}

pub async fn relate(id: i64, kind: String, other: String, note: String) -> Result<(), AppError> {
    const ACTION: &str = "persons.relate";
    let ctx = Ctx::current()?;
    let (user, row) = editable(&ctx, ACTION, id).await?;
    let mut errors = FieldErrors::new();
    let kind = errors.check(RelationKind::parse(&kind));
    let note = errors.check(crate::domain::user::parse_optional_text("note", &note, 200));
    let other_id = match PersonKey::parse(&other) {
        None => {
            errors.push("other", "idnp_check");
            None
        }
        Some(k) => match ctx.state.store.person_id_by_key(k.as_str()).await {
            Ok(Some(o)) if o == id => {
                errors.push("other", "same_person");
                None
            }
            Ok(Some(o)) => Some(o),
            Ok(None) => {
                errors.push("other", "person_unknown");
                None
            }
            Err(e) => return Err(ctx.fail(ACTION, e)),
        },
    };
    let (Some(kind), Some(note), Some(other_id)) = (kind, note, other_id) else {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    };
    if row.status() == PersonStatus::Archived {
        return Err(ctx
            .refuse(
                Some(&user),
                ACTION,
                AppError::Conflict { field: String::new(), code: "read_only".into() },
                "archived",
            )
            .await);
    }
    if let Err(e) = reachable(&ctx, &user, ACTION, other_id).await {
        return Err(match e {
            AppError::NotFound => {
                AppError::Invalid(FieldErrors(vec![crate::domain::FieldError::new("other", "person_unknown")]))
            }
            e => e,
        });
    }
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    // `kind` says how the other person relates to this one ("the other is the parent"), so the
    // relation is stored as "other <kind> this person".
    let rid = match ps::add_relation(&mut tx, other_id, kind, id, note.as_deref(), user.id()).await {
        Ok(r) => r,
        Err(StoreError::Duplicate(_)) => {
            drop(tx);
            let mut e = FieldErrors::new();
            e.push("other", "relation_exists");
            return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "exists").await);
        }
        Err(e) => return Err(ctx.failed(Some(&user), ACTION, e).await),
    };
    let mut ev = on_person(&ctx, &user, ACTION, id);
    ev.details = serde_json::json!({ "relation": rid, "kind": kind.as_str(), "other": other_id });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect(&format!("/persons/{id}?related=1"));
    Ok(())
}

pub async fn unrelate(id: i64, relation_id: i64) -> Result<(), AppError> {
    const ACTION: &str = "persons.unrelate";
    let ctx = Ctx::current()?;
    let (user, _) = editable(&ctx, ACTION, id).await?;
    let pair = ctx.state.store.relation_pair(relation_id).await;
    match pair {
        Ok((a, b)) if a == id || b == id => {}
        Ok(_) | Err(StoreError::NotFound) => {
            return Err(ctx.refuse(Some(&user), ACTION, AppError::NotFound, "not this person's").await)
        }
        Err(e) => return Err(ctx.fail(ACTION, e)),
    }
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    if let Err(e) = ps::end_relation(&mut tx, relation_id, user.id()).await {
        drop(tx);
        return Err(ctx.failed(Some(&user), ACTION, e).await);
    }
    let mut ev = on_person(&ctx, &user, ACTION, id);
    ev.details = serde_json::json!({ "relation": relation_id });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect(&format!("/persons/{id}?saved=1"));
    Ok(())
}

pub async fn classifier(kind: String) -> Result<Vec<ClassifierOptionView>, AppError> {
    const ACTION: &str = "classifiers.list";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    if !crate::store::classifiers::KINDS.contains(&kind.as_str()) {
        return Err(AppError::NotFound);
    }
    let rows = ctx.state.store.classifier(&kind).await.or_fail(&ctx, ACTION)?;
    let lang = user.language();
    Ok(rows
        .into_iter()
        .map(|r| ClassifierOptionView {
            name: match lang {
                Language::Ro => r.name_ro,
                Language::Ru => r.name_ru,
                Language::En => r.name_en,
            },
            code: r.code,
        })
        .collect())
}
