import { sql, type Kysely } from 'kysely';

// usage_daily is written in bulk (CSV imports of a million rows, vendor reports of whole days) and read
// by organization and day range. Its storage is shaped for that:
// - the primary key is (org_id, day, person_id, source): day-major, so exports that arrive day by day
//   append to the right edge of the index instead of touching a page per person, and every read by
//   organization and day range (need, forecast, planning, alerts, budgets) is a range of it, which makes
//   the separate (org_id, day) index redundant. One person's days are read from their organization's
//   range and filtered (no per-person index: it would cost every bulk write a random insert per row). (org_id, …) is unique exactly when (person_id, day,
//   source) is, because a row's org_id must be its person's (checked below).
// - `source` compares bytewise (collate "C"): source names are ASCII identifiers.
// - the two foreign keys become statement-level triggers with the same guarantees, checked once per
//   statement over all its rows instead of once per row (a per-row foreign key check was half the cost
//   of a bulk write): every written row's (person_id, org_id) must be a person of that organization (a
//   stronger rule than before), and the people rows are locked FOR KEY SHARE as a foreign key check
//   does, so a concurrent delete waits for the writer. Deleting people (directly, or through their
//   organization's ON DELETE CASCADE) deletes their usage; changing a person's id or organization while
//   they have usage is refused; truncating people empties usage_daily.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table usage_daily drop constraint usage_daily_pkey`.execute(db);
  await sql`drop index usage_daily_org_day_idx`.execute(db);
  await sql`alter table usage_daily drop constraint usage_daily_org_id_fkey`.execute(db);
  await sql`alter table usage_daily drop constraint usage_daily_person_id_fkey`.execute(db);
  await sql`alter table usage_daily alter column source type text collate "C"`.execute(db);
  await sql`alter table usage_daily add constraint usage_daily_pkey primary key (org_id, day, person_id, source)`.execute(db);

  await sql`
    create function usage_daily_check_people() returns trigger language plpgsql as $$
    declare
      ids uuid[];
      orgs uuid[];
      locked bigint;
      missing record;
    begin
      select array_agg(person_id), array_agg(org_id) into ids, orgs from (select distinct person_id, org_id from new_rows) k;
      if ids is null then
        return null;
      end if;
      perform 1 from people p join unnest(ids, orgs) as k(id, org_id) on p.id = k.id and p.org_id = k.org_id for key share of p;
      get diagnostics locked = row_count;
      if locked < cardinality(ids) then
        select k.id, k.org_id into missing from unnest(ids, orgs) as k(id, org_id)
        where not exists (select 1 from people p where p.id = k.id and p.org_id = k.org_id)
        limit 1;
        raise exception 'insert or update on table "usage_daily" violates foreign key constraint "usage_daily_person_id_fkey"'
          using errcode = 'foreign_key_violation',
                detail = format('Key (person_id, org_id)=(%s, %s) is not present in table "people".', missing.id, missing.org_id),
                table = 'usage_daily', constraint = 'usage_daily_person_id_fkey';
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger usage_daily_people_inserted after insert on usage_daily referencing new table as new_rows for each statement execute function usage_daily_check_people()`.execute(db);
  await sql`create trigger usage_daily_people_updated after update on usage_daily referencing new table as new_rows for each statement execute function usage_daily_check_people()`.execute(db);

  await sql`
    create function people_delete_usage() returns trigger language plpgsql as $$
    begin
      delete from usage_daily u using old_rows o where u.org_id = o.org_id and u.person_id = o.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger people_delete_usage after delete on people referencing old table as old_rows for each statement execute function people_delete_usage()`.execute(db);

  await sql`
    create function people_keep_usage_key() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from usage_daily u where u.org_id = old.org_id and u.person_id = old.id) then
        raise exception 'update on table "people" violates foreign key constraint "usage_daily_person_id_fkey" on table "usage_daily"'
          using errcode = 'foreign_key_violation', detail = format('Key (id, org_id)=(%s, %s) is still referenced from table "usage_daily".', old.id, old.org_id);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger people_keep_usage_key after update of id, org_id on people for each row when (old.id is distinct from new.id or old.org_id is distinct from new.org_id) execute function people_keep_usage_key()`.execute(db);

  await sql`
    create function people_truncate_usage() returns trigger language plpgsql as $$
    begin
      -- DELETE, not TRUNCATE: a TRUNCATE listing both tables still has usage_daily open here.
      delete from usage_daily;
      return null;
    end $$`.execute(db);
  await sql`create trigger people_truncate_usage after truncate on people for each statement execute function people_truncate_usage()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists people_truncate_usage on people`.execute(db);
  await sql`drop trigger if exists people_keep_usage_key on people`.execute(db);
  await sql`drop trigger if exists people_delete_usage on people`.execute(db);
  await sql`drop trigger if exists usage_daily_people_updated on usage_daily`.execute(db);
  await sql`drop trigger if exists usage_daily_people_inserted on usage_daily`.execute(db);
  await sql`drop function if exists people_truncate_usage()`.execute(db);
  await sql`drop function if exists people_keep_usage_key()`.execute(db);
  await sql`drop function if exists people_delete_usage()`.execute(db);
  await sql`drop function if exists usage_daily_check_people()`.execute(db);
  await sql`alter table usage_daily drop constraint usage_daily_pkey`.execute(db);
  await sql`alter table usage_daily alter column source type text collate "default"`.execute(db);
  await sql`alter table usage_daily add constraint usage_daily_pkey primary key (person_id, day, source)`.execute(db);
  await sql`create index usage_daily_org_day_idx on usage_daily (org_id, day)`.execute(db);
  await sql`alter table usage_daily add constraint usage_daily_org_id_fkey foreign key (org_id) references organizations (id) on delete cascade`.execute(db);
  await sql`alter table usage_daily add constraint usage_daily_person_id_fkey foreign key (person_id) references people (id) on delete cascade`.execute(db);
}
