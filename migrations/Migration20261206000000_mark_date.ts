import { Migration } from '@mikro-orm/migrations';

/**
 * mark.date: the date of the mark's lesson, copied onto the mark so that a student's marks of a period are
 * one range of an index (student_id, date) instead of a join through every lesson of the student's year
 * (the diary's marks screen, issue 14). The database keeps the copy, whatever writes: a mark takes its
 * lesson's date when inserted or moved to another lesson (and an attempt to write the column directly is
 * overruled), and a lesson's marks follow it when its date changes.
 */
export class Migration20261206000000_mark_date extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "mark" add column "date" date null;`);
    this.addSql(`update "mark" k set "date" = l."date" from "lesson" l where l."id" = k."lesson_id";`);
    this.addSql(`create index "mark_student_id_date_index" on "mark" ("student_id", "date");`);
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

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists lesson_date_to_marks on "lesson";`);
    this.addSql(`drop function if exists lesson_date_to_marks();`);
    this.addSql(`drop trigger if exists mark_lesson_date on "mark";`);
    this.addSql(`drop function if exists mark_take_lesson_date();`);
    this.addSql(`drop index if exists "mark_student_id_date_index";`);
    this.addSql(`alter table "mark" drop column if exists "date";`);
  }

}
