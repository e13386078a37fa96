//! Merging a duplicate person into the record that survives (a manager's decision): checked and
//! previewed before it is done; the duplicate is never deleted, only marked as merged into the
//! survivor.

use super::*;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MergeInput {
    /// The duplicate record, to be merged into the record in the path (which survives).
    pub duplicate_id: Uuid,
    pub reason: String,
}

/// Merge a duplicate into a surviving record: the duplicate's relationships, household
/// memberships and addresses move to the survivor (the moved rows are listed in the merge
/// record), the duplicate is marked as merged, and both histories stay.
pub async fn merge(db: &Db, ctx: &Ctx, survivor_id: Uuid, input: &MergeInput) -> Result<()> {
    let mut tx = db.begin().await?;
    let (survivor, dup, reason) = check_merge(&mut tx, ctx, survivor_id, input).await?;
    let merge_id = ctx.new_id();
    ff_store::people::merge(&mut tx, ctx.la(), merge_id, survivor_id, dup.id, reason, Some(ctx.actor.user_id), ctx.now).await?;
    // Keep the survivor's identifiers complete: an NHS number only the duplicate had moves over.
    if survivor.nhs_number.is_none() && dup.nhs_number.is_some() {
        let mut row = survivor.clone();
        row.nhs_number = dup.nhs_number.clone();
        row.nhs_number_verified = dup.nhs_number_verified;
        row.version = survivor.version + 1;
        row.updated_at = ctx.now;
        row.updated_by = Some(ctx.actor.user_id);
        ff_store::people::update_person(&mut tx, &row, survivor.version).await?;
        ff_store::versions::record_version(&mut tx, ctx.la(), "person", survivor_id, row.version, &row, Some(ctx.actor.user_id), ctx.now)
            .await?;
    }
    audit(&mut tx, ctx, "merge", "person", Some(survivor_id.to_string()), format!("record {} merged into this record", dup.id)).await?;
    audit(&mut tx, ctx, "merged_away", "person", Some(dup.id.to_string()), format!("merged into record {survivor_id}")).await?;
    tx.commit().await?;
    Ok(())
}

/// What a merge would join, for the confirmation page: the same checks as
/// [`merge`], then both records as a practitioner sees them, side by side. Nothing is changed.
pub async fn merge_preview(db: &Db, ctx: &Ctx, survivor_id: Uuid, input: &MergeInput) -> Result<(PersonRecord, PersonRecord)> {
    {
        let mut tx = db.begin().await?;
        // Read only: the transaction is dropped (rolled back) here.
        check_merge(&mut tx, ctx, survivor_id, input).await?;
    }
    Ok((view(db, ctx, survivor_id).await?, view(db, ctx, input.duplicate_id).await?))
}

/// The checks before a merge: a reason, two different unmerged records of this council, and no
/// conflicting NHS numbers. Gives both rows and the trimmed reason.
async fn check_merge<'r>(tx: &mut Tx, ctx: &Ctx, survivor_id: Uuid, input: &'r MergeInput) -> Result<(PersonRow, PersonRow, &'r str)> {
    ctx.authorise(Action::MergePeople)?;
    let reason = input.reason.trim();
    let mut errors = ValidationErrors::new();
    if reason.is_empty() {
        errors.add("reason", "Explain why these are the same person (for example, the evidence you checked)");
    }
    if survivor_id == input.duplicate_id {
        errors.add("duplicate_id", "Choose a different record to merge");
    }
    let survivor = load_active(tx, ctx, survivor_id).await?;
    let dup = if survivor_id == input.duplicate_id { None } else { ff_store::people::get_person(tx, ctx.la(), input.duplicate_id).await? };
    match &dup {
        None if survivor_id != input.duplicate_id => errors.add("duplicate_id", "No record with that id here"),
        Some(d) if survivor.merged_into.is_some() || d.merged_into.is_some() => {
            errors.add("duplicate_id", "One of these records has already been merged")
        }
        Some(d) => {
            if let (Some(a), Some(b)) = (&survivor.nhs_number, &d.nhs_number)
                && a != b
            {
                errors.add("duplicate_id", "These records have different NHS numbers, so they are not the same person");
            }
        }
        None => {}
    }
    errors.into_result(())?;
    let dup = dup.ok_or_else(|| ValidationErrors::single("duplicate_id", "No record with that id here"))?;
    Ok((survivor, dup, reason))
}
