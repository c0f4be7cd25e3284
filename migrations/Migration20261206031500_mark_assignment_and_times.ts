import { Migration } from '@mikro-orm/migrations';

/**
 * What the journal-filling report (E5) reads instead of every mark of the school's year (issue 14):
 *
 * - mark.assignment_id, the assignment of the mark's lesson, copied like mark.date (the same row trigger now
 *   takes both from the lesson, and a lesson's marks follow it when either changes), with an index
 *   (assignment_id, student_id, date) that carries `second`: whether a student has 0, 1 or 2+ marks in an
 *   assignment over any dates is then the first two entries of one index range, read from the index alone.
 * - lesson_mark_time: per lesson and work type, when its marks were last written (the latest of created_at
 *   and updated_at). Whether a lesson's marks came after its day or after the work type's grading deadline
 *   is then one row per lesson and work type, not one per mark. Kept by statement triggers on mark: an
 *   insert raises a key's time (greatest, so concurrent inserts add up in any order); an update or delete
 *   recomputes the keys it took marks from, after locking their rows (in key order), so that a concurrent
 *   insert either waits for the recount or is seen by it. The work type is part of the key, not its
 *   deadline: a deadline changed later applies to the marks already there. Derived data: a backup leaves it
 *   out and a restore's inserts into mark rebuild it (core/backup/table-order.ts).
 */
export class Migration20261206031500_mark_assignment_and_times extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "mark" add column "assignment_id" int null;`);
    this.addSql(`update "mark" k set "assignment_id" = l."assignment_id" from "lesson" l where l."id" = k."lesson_id";`);
    this.addSql(`create index "mark_assignment_id_student_id_date_index" on "mark" ("assignment_id", "student_id", "date") include ("second");`);
    this.addSql(`drop trigger "mark_lesson_date" on "mark";`);
    this.addSql(`drop function mark_take_lesson_date();`);
    this.addSql(`create function mark_take_lesson_fields() returns trigger language plpgsql as $$
      begin
        select l."date", l."assignment_id" into new."date", new."assignment_id" from "lesson" l where l."id" = new."lesson_id";
        return new;
      end $$;`);
    this.addSql(`create trigger "mark_lesson_fields" before insert or update of "lesson_id", "date", "assignment_id" on "mark"
      for each row execute function mark_take_lesson_fields();`);
    this.addSql(`drop trigger "lesson_date_to_marks" on "lesson";`);
    this.addSql(`drop function lesson_date_to_marks();`);
    this.addSql(`create function lesson_fields_to_marks() returns trigger language plpgsql as $$
      begin
        update "mark" set "date" = new."date", "assignment_id" = new."assignment_id" where "lesson_id" = new."id";
        return null;
      end $$;`);
    this.addSql(`create trigger "lesson_fields_to_marks" after update of "date", "assignment_id" on "lesson"
      for each row when (old."date" is distinct from new."date" or old."assignment_id" is distinct from new."assignment_id")
      execute function lesson_fields_to_marks();`);

    this.addSql(`create table "lesson_mark_time" (
      "lesson_id" int not null references "lesson" ("id") on update cascade on delete cascade,
      "work_type_id" int not null references "work_type" ("id") on update cascade on delete cascade,
      "last_at" timestamptz not null,
      primary key ("lesson_id", "work_type_id"));`);
    this.addSql(`create index "lesson_mark_time_work_type_id_index" on "lesson_mark_time" ("work_type_id");`);
    this.addSql(`insert into "lesson_mark_time" ("lesson_id", "work_type_id", "last_at")
      select "lesson_id", "work_type_id", max(greatest("created_at", "updated_at")) from "mark" group by 1, 2;`);
    this.addSql(`create function lesson_mark_time_add() returns trigger language plpgsql as $$
      begin
        insert into "lesson_mark_time" ("lesson_id", "work_type_id", "last_at")
        select "lesson_id", "work_type_id", max(greatest("created_at", "updated_at")) from new_marks group by 1, 2 order by 1, 2
        on conflict ("lesson_id", "work_type_id") do update set "last_at" = greatest("lesson_mark_time"."last_at", excluded."last_at");
        return null;
      end $$;`);
    this.addSql(`create function lesson_mark_time_recount() returns trigger language plpgsql as $$
      begin
        perform from "lesson_mark_time" t
         where ("lesson_id", "work_type_id") in (select "lesson_id", "work_type_id" from old_marks)
         order by t."lesson_id", t."work_type_id" for update;
        delete from "lesson_mark_time" t
         where ("lesson_id", "work_type_id") in (select "lesson_id", "work_type_id" from old_marks)
           and not exists (select from "mark" m where m."lesson_id" = t."lesson_id" and m."work_type_id" = t."work_type_id");
        insert into "lesson_mark_time" ("lesson_id", "work_type_id", "last_at")
        select m."lesson_id", m."work_type_id", max(greatest(m."created_at", m."updated_at")) from "mark" m
         where (m."lesson_id", m."work_type_id") in (select "lesson_id", "work_type_id" from old_marks)
         group by 1, 2 order by 1, 2
        on conflict ("lesson_id", "work_type_id") do update set "last_at" = excluded."last_at";
        if tg_op = 'UPDATE' then
          insert into "lesson_mark_time" ("lesson_id", "work_type_id", "last_at")
          select "lesson_id", "work_type_id", max(greatest("created_at", "updated_at")) from new_marks group by 1, 2 order by 1, 2
          on conflict ("lesson_id", "work_type_id") do update set "last_at" = greatest("lesson_mark_time"."last_at", excluded."last_at");
        end if;
        return null;
      end $$;`);
    this.addSql(`create function lesson_mark_time_clear() returns trigger language plpgsql as $$
      begin
        truncate "lesson_mark_time";
        return null;
      end $$;`);
    this.addSql(`create trigger "mark_time_insert" after insert on "mark" referencing new table as new_marks
      for each statement execute function lesson_mark_time_add();`);
    this.addSql(`create trigger "mark_time_update" after update on "mark" referencing old table as old_marks new table as new_marks
      for each statement execute function lesson_mark_time_recount();`);
    this.addSql(`create trigger "mark_time_delete" after delete on "mark" referencing old table as old_marks
      for each statement execute function lesson_mark_time_recount();`);
    this.addSql(`create trigger "mark_time_truncate" after truncate on "mark"
      for each statement execute function lesson_mark_time_clear();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "mark_time_truncate" on "mark";`);
    this.addSql(`drop trigger if exists "mark_time_delete" on "mark";`);
    this.addSql(`drop trigger if exists "mark_time_update" on "mark";`);
    this.addSql(`drop trigger if exists "mark_time_insert" on "mark";`);
    this.addSql(`drop function if exists lesson_mark_time_clear();`);
    this.addSql(`drop function if exists lesson_mark_time_recount();`);
    this.addSql(`drop function if exists lesson_mark_time_add();`);
    this.addSql(`drop table if exists "lesson_mark_time";`);
    this.addSql(`drop trigger if exists "lesson_fields_to_marks" on "lesson";`);
    this.addSql(`drop function if exists lesson_fields_to_marks();`);
    this.addSql(`drop trigger if exists "mark_lesson_fields" on "mark";`);
    this.addSql(`drop function if exists mark_take_lesson_fields();`);
    this.addSql(`drop index if exists "mark_assignment_id_student_id_date_index";`);
    this.addSql(`alter table "mark" drop column if exists "assignment_id";`);
    this.addSql(`create function mark_take_lesson_date() returns trigger language plpgsql as $$
      begin
        new."date" := (select l."date" from "lesson" l where l."id" = new."lesson_id");
        return new;
      end $$;`);
    this.addSql(`create trigger mark_lesson_date before insert or update of "lesson_id", "date" on "mark"
      for each row execute function mark_take_lesson_date();`);
    this.addSql(`create function lesson_date_to_marks() returns trigger language plpgsql as $$
      begin
        update "mark" set "date" = new."date" where "lesson_id" = new."id";
        return null;
      end $$;`);
    this.addSql(`create trigger lesson_date_to_marks after update of "date" on "lesson"
      for each row when (old."date" is distinct from new."date") execute function lesson_date_to_marks();`);
  }

}
