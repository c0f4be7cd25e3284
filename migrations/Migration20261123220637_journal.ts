import { Migration } from '@mikro-orm/migrations';

export class Migration20261123220637_journal extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "lesson" ("id" serial primary key, "school_id" int not null, "assignment_id" int not null, "date" date not null, "lesson_number" int not null, "topic" text null, "plan_topic_id" int null, "substitute_teacher_id" int null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "lesson_school_id_index" on "lesson" ("school_id");`);
    this.addSql(`create index "lesson_assignment_id_index" on "lesson" ("assignment_id");`);
    this.addSql(`create index "lesson_substitute_teacher_id_index" on "lesson" ("substitute_teacher_id");`);
    this.addSql(`alter table "lesson" add constraint "lesson_assignment_id_date_lesson_number_unique" unique ("assignment_id", "date", "lesson_number");`);

    this.addSql(`create table "homework" ("id" serial primary key, "school_id" int not null, "lesson_id" int not null, "text" text null, "student_id" int null, "none" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "homework_school_id_index" on "homework" ("school_id");`);
    this.addSql(`create index "homework_lesson_id_index" on "homework" ("lesson_id");`);
    this.addSql(`create index "homework_student_id_index" on "homework" ("student_id");`);

    this.addSql(`create table "attendance" ("id" serial primary key, "school_id" int not null, "lesson_id" int not null, "student_id" int not null, "code" text check ("code" in ('n', 'b', 'p', 'op')) not null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "attendance_school_id_index" on "attendance" ("school_id");`);
    this.addSql(`create index "attendance_lesson_id_index" on "attendance" ("lesson_id");`);
    this.addSql(`create index "attendance_student_id_index" on "attendance" ("student_id");`);
    this.addSql(`alter table "attendance" add constraint "attendance_lesson_id_student_id_unique" unique ("lesson_id", "student_id");`);

    this.addSql(`create table "mark" ("id" serial primary key, "school_id" int not null, "lesson_id" int not null, "student_id" int not null, "value" smallint not null, "second" smallint null, "work_type_id" int not null, "comment" text null, "make_up" boolean not null default false, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "mark_school_id_index" on "mark" ("school_id");`);
    this.addSql(`create index "mark_lesson_id_index" on "mark" ("lesson_id");`);
    this.addSql(`create index "mark_student_id_index" on "mark" ("student_id");`);
    this.addSql(`create index "mark_work_type_id_index" on "mark" ("work_type_id");`);

    this.addSql(`alter table "lesson" add constraint "lesson_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "lesson" add constraint "lesson_assignment_id_foreign" foreign key ("assignment_id") references "teaching_assignment" ("id") on update cascade;`);
    this.addSql(`alter table "lesson" add constraint "lesson_plan_topic_id_foreign" foreign key ("plan_topic_id") references "thematic_plan_topic" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "lesson" add constraint "lesson_substitute_teacher_id_foreign" foreign key ("substitute_teacher_id") references "staff" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "homework" add constraint "homework_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "homework" add constraint "homework_lesson_id_foreign" foreign key ("lesson_id") references "lesson" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "homework" add constraint "homework_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "attendance" add constraint "attendance_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "attendance" add constraint "attendance_lesson_id_foreign" foreign key ("lesson_id") references "lesson" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "attendance" add constraint "attendance_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade;`);

    this.addSql(`alter table "mark" add constraint "mark_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "mark" add constraint "mark_lesson_id_foreign" foreign key ("lesson_id") references "lesson" ("id") on update cascade;`);
    this.addSql(`alter table "mark" add constraint "mark_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade;`);
    this.addSql(`alter table "mark" add constraint "mark_work_type_id_foreign" foreign key ("work_type_id") references "work_type" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "homework" drop constraint "homework_lesson_id_foreign";`);

    this.addSql(`alter table "attendance" drop constraint "attendance_lesson_id_foreign";`);

    this.addSql(`alter table "mark" drop constraint "mark_lesson_id_foreign";`);

    this.addSql(`drop table if exists "lesson" cascade;`);

    this.addSql(`drop table if exists "homework" cascade;`);

    this.addSql(`drop table if exists "attendance" cascade;`);

    this.addSql(`drop table if exists "mark" cascade;`);
  }

}
