import { Migration } from '@mikro-orm/migrations';

export class Migration20261123202626 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "panel_session" ("sid" varchar(255) not null, "data" jsonb not null, "expires_at" timestamptz not null, constraint "panel_session_pkey" primary key ("sid"));`);
    this.addSql(`create index "panel_session_expires_at_index" on "panel_session" ("expires_at");`);

    this.addSql(`create table "processed_update" ("bot_id" bigint not null, "update_id" bigint not null, "received_at" timestamptz not null default now(), constraint "processed_update_pkey" primary key ("bot_id", "update_id"));`);
    this.addSql(`create index "processed_update_received_at_index" on "processed_update" ("received_at");`);

    this.addSql(`create table "school" ("id" serial primary key, "name" varchar(255) not null, "short_name" varchar(255) null, "time_zone" varchar(255) not null default 'Europe/Moscow', "mark_edit_window" text check ("mark_edit_window" in ('never', '1w', '2w', '3w', '1m')) not null default '2w', "homework_deadline_minutes" int not null default 90, "quiet_hours_start" varchar(5) not null default '21:00', "quiet_hours_end" varchar(5) not null default '08:00', "rounding_threshold" numeric(3,2) not null default 0.5, "language" text check ("language" in ('ru', 'en')) not null default 'ru', "invite_ttl_days" int not null default 14, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);

    this.addSql(`create table "guardian" ("id" serial primary key, "school_id" int not null, "last_name" varchar(255) not null, "first_name" varchar(255) not null, "middle_name" varchar(255) null, "phone" varchar(255) null, "email" varchar(255) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "guardian_school_id_index" on "guardian" ("school_id");`);

    this.addSql(`create table "building" ("id" serial primary key, "school_id" int not null, "name" varchar(255) not null, "address" varchar(255) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "building_school_id_index" on "building" ("school_id");`);

    this.addSql(`create table "room" ("id" serial primary key, "school_id" int not null, "building_id" int not null, "name" varchar(255) not null, "capacity" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "room_school_id_index" on "room" ("school_id");`);
    this.addSql(`create index "room_building_id_index" on "room" ("building_id");`);
    this.addSql(`alter table "room" add constraint "room_building_id_name_unique" unique ("building_id", "name");`);

    this.addSql(`create table "bell_schedule" ("id" serial primary key, "school_id" int not null, "name" varchar(255) not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "bell_schedule_school_id_index" on "bell_schedule" ("school_id");`);

    this.addSql(`create table "bell_slot" ("id" serial primary key, "school_id" int not null, "schedule_id" int not null, "lesson_number" int not null, "starts_at" varchar(5) not null, "ends_at" varchar(5) not null);`);
    this.addSql(`create index "bell_slot_school_id_index" on "bell_slot" ("school_id");`);
    this.addSql(`create index "bell_slot_schedule_id_index" on "bell_slot" ("schedule_id");`);
    this.addSql(`alter table "bell_slot" add constraint "bell_slot_schedule_id_lesson_number_unique" unique ("schedule_id", "lesson_number");`);

    this.addSql(`create table "academic_year" ("id" serial primary key, "school_id" int not null, "name" varchar(255) not null, "start_date" date not null, "end_date" date not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "academic_year_school_id_index" on "academic_year" ("school_id");`);
    this.addSql(`alter table "academic_year" add constraint "academic_year_school_id_name_unique" unique ("school_id", "name");`);

    this.addSql(`create table "period" ("id" serial primary key, "school_id" int not null, "year_id" int not null, "type" text check ("type" in ('quarter', 'trimester', 'half', 'semester', 'year')) not null, "number" int not null, "name" varchar(255) not null, "start_date" date not null, "end_date" date not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "period_school_id_index" on "period" ("school_id");`);
    this.addSql(`create index "period_year_id_index" on "period" ("year_id");`);

    this.addSql(`create table "holiday" ("id" serial primary key, "school_id" int not null, "year_id" int not null, "name" varchar(255) not null, "start_date" date not null, "end_date" date not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "holiday_school_id_index" on "holiday" ("school_id");`);
    this.addSql(`create index "holiday_year_id_index" on "holiday" ("year_id");`);

    this.addSql(`create table "staff" ("id" serial primary key, "school_id" int not null, "last_name" varchar(255) not null, "first_name" varchar(255) not null, "middle_name" varchar(255) null, "position" varchar(255) null, "email" varchar(255) null, "phone" varchar(255) null, "roles" text[] not null default '{}', "active" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "staff_school_id_index" on "staff" ("school_id");`);

    this.addSql(`create table "school_group" ("id" serial primary key, "school_id" int not null, "year_id" int not null, "name" varchar(255) not null, "grade_level" int not null, "class_teacher_id" int null, "bell_schedule_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "school_group_school_id_index" on "school_group" ("school_id");`);
    this.addSql(`create index "school_group_year_id_index" on "school_group" ("year_id");`);
    this.addSql(`create index "school_group_class_teacher_id_index" on "school_group" ("class_teacher_id");`);
    this.addSql(`alter table "school_group" add constraint "school_group_year_id_name_unique" unique ("year_id", "name");`);

    this.addSql(`create table "admin_account" ("id" serial primary key, "email" varchar(255) not null, "password_hash" varchar(255) not null, "staff_id" int null, "must_change_password" boolean not null default false, "last_login_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "admin_account" add constraint "admin_account_email_unique" unique ("email");`);
    this.addSql(`alter table "admin_account" add constraint "admin_account_staff_id_unique" unique ("staff_id");`);

    this.addSql(`create table "student" ("id" serial primary key, "school_id" int not null, "last_name" varchar(255) not null, "first_name" varchar(255) not null, "middle_name" varchar(255) null, "birth_date" date not null, "sex" text check ("sex" in ('m', 'f')) not null, "individual_plan" boolean not null default false, "status" text check ("status" in ('studying', 'academic_leave', 'expelled', 'graduated')) not null default 'studying', "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "student_school_id_index" on "student" ("school_id");`);

    this.addSql(`create table "enrollment" ("id" serial primary key, "school_id" int not null, "student_id" int not null, "group_id" int not null, "start_date" date not null, "end_date" date null, "start_reason" text check ("start_reason" in ('admission', 'transfer', 'return', 'promotion')) not null, "end_reason" text check ("end_reason" in ('transfer', 'expulsion', 'academic_leave', 'promotion', 'graduation')) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "enrollment_school_id_index" on "enrollment" ("school_id");`);
    this.addSql(`create index "enrollment_student_id_index" on "enrollment" ("student_id");`);
    this.addSql(`create index "enrollment_group_id_index" on "enrollment" ("group_id");`);

    this.addSql(`create table "student_guardian" ("id" serial primary key, "school_id" int not null, "student_id" int not null, "guardian_id" int not null, "relation" text check ("relation" in ('mother', 'father', 'grandmother', 'grandfather', 'guardian', 'other')) not null);`);
    this.addSql(`create index "student_guardian_school_id_index" on "student_guardian" ("school_id");`);
    this.addSql(`create index "student_guardian_student_id_index" on "student_guardian" ("student_id");`);
    this.addSql(`create index "student_guardian_guardian_id_index" on "student_guardian" ("guardian_id");`);
    this.addSql(`alter table "student_guardian" add constraint "student_guardian_student_id_guardian_id_unique" unique ("student_id", "guardian_id");`);

    this.addSql(`create table "student_movement" ("id" serial primary key, "school_id" int not null, "kind" text check ("kind" in ('transfer', 'expulsion', 'academic_leave', 'return', 'promotion')) not null, "student_id" int null, "group_id" int null, "date" date not null, "order_number" varchar(255) null, "note" varchar(255) null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "student_movement_school_id_index" on "student_movement" ("school_id");`);
    this.addSql(`create index "student_movement_student_id_index" on "student_movement" ("student_id");`);

    this.addSql(`create table "subgroup" ("id" serial primary key, "school_id" int not null, "group_id" int not null, "name" varchar(255) not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "subgroup_school_id_index" on "subgroup" ("school_id");`);
    this.addSql(`create index "subgroup_group_id_index" on "subgroup" ("group_id");`);
    this.addSql(`alter table "subgroup" add constraint "subgroup_group_id_name_unique" unique ("group_id", "name");`);

    this.addSql(`create table "subgroup_member" ("id" serial primary key, "school_id" int not null, "subgroup_id" int not null, "student_id" int not null);`);
    this.addSql(`create index "subgroup_member_school_id_index" on "subgroup_member" ("school_id");`);
    this.addSql(`create index "subgroup_member_subgroup_id_index" on "subgroup_member" ("subgroup_id");`);
    this.addSql(`create index "subgroup_member_student_id_index" on "subgroup_member" ("student_id");`);
    this.addSql(`alter table "subgroup_member" add constraint "subgroup_member_subgroup_id_student_id_unique" unique ("subgroup_id", "student_id");`);

    this.addSql(`create table "subject" ("id" serial primary key, "school_id" int not null, "name" varchar(255) not null, "without_attestation" boolean not null default false, "double_marks_allowed" boolean not null default false, "school_component" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "subject_school_id_index" on "subject" ("school_id");`);
    this.addSql(`alter table "subject" add constraint "subject_school_id_name_unique" unique ("school_id", "name");`);

    this.addSql(`create table "teaching_assignment" ("id" serial primary key, "school_id" int not null, "year_id" int not null, "teacher_id" int not null, "subject_id" int not null, "group_id" int not null, "subgroup_id" int null, "planned_hours" int not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "teaching_assignment_school_id_index" on "teaching_assignment" ("school_id");`);
    this.addSql(`create index "teaching_assignment_year_id_index" on "teaching_assignment" ("year_id");`);
    this.addSql(`create index "teaching_assignment_teacher_id_index" on "teaching_assignment" ("teacher_id");`);
    this.addSql(`create index "teaching_assignment_subject_id_index" on "teaching_assignment" ("subject_id");`);
    this.addSql(`create index "teaching_assignment_group_id_index" on "teaching_assignment" ("group_id");`);

    this.addSql(`create table "control_work" ("id" serial primary key, "school_id" int not null, "assignment_id" int not null, "date" date not null, "form" varchar(255) not null, "title" varchar(255) null, "internal_control" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "control_work_school_id_index" on "control_work" ("school_id");`);
    this.addSql(`create index "control_work_assignment_id_index" on "control_work" ("assignment_id");`);

    this.addSql(`create table "telegram_account" ("id" bigint not null, "language" text check ("language" in ('ru', 'en')) not null default 'ru', "language_chosen" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "telegram_account_pkey" primary key ("id"));`);

    this.addSql(`create table "thematic_plan_topic" ("id" serial primary key, "school_id" int not null, "assignment_id" int not null, "position" int not null, "title" text not null, "hours" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "thematic_plan_topic_school_id_index" on "thematic_plan_topic" ("school_id");`);
    this.addSql(`create index "thematic_plan_topic_assignment_id_index" on "thematic_plan_topic" ("assignment_id");`);
    this.addSql(`alter table "thematic_plan_topic" add constraint "thematic_plan_topic_assignment_id_position_unique" unique ("assignment_id", "position");`);

    this.addSql(`create table "timetable_slot" ("id" serial primary key, "school_id" int not null, "assignment_id" int not null, "group_id" int not null, "subgroup_id" int null, "room_id" int null, "weekday" int not null, "lesson_number" int not null, "valid_from" date not null, "valid_to" date null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "timetable_slot_school_id_index" on "timetable_slot" ("school_id");`);
    this.addSql(`create index "timetable_slot_assignment_id_index" on "timetable_slot" ("assignment_id");`);
    this.addSql(`create index "timetable_slot_group_id_index" on "timetable_slot" ("group_id");`);

    this.addSql(`create table "work_type" ("id" serial primary key, "school_id" int not null, "name" varchar(255) not null, "weight" numeric(4,2) not null default 1, "grading_deadline_days" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "work_type_school_id_index" on "work_type" ("school_id");`);
    this.addSql(`alter table "work_type" add constraint "work_type_school_id_name_unique" unique ("school_id", "name");`);

    this.addSql(`alter table "guardian" add constraint "guardian_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);

    this.addSql(`alter table "building" add constraint "building_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);

    this.addSql(`alter table "room" add constraint "room_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "room" add constraint "room_building_id_foreign" foreign key ("building_id") references "building" ("id") on update cascade;`);

    this.addSql(`alter table "bell_schedule" add constraint "bell_schedule_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);

    this.addSql(`alter table "bell_slot" add constraint "bell_slot_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "bell_slot" add constraint "bell_slot_schedule_id_foreign" foreign key ("schedule_id") references "bell_schedule" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "academic_year" add constraint "academic_year_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);

    this.addSql(`alter table "period" add constraint "period_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "period" add constraint "period_year_id_foreign" foreign key ("year_id") references "academic_year" ("id") on update cascade;`);

    this.addSql(`alter table "holiday" add constraint "holiday_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "holiday" add constraint "holiday_year_id_foreign" foreign key ("year_id") references "academic_year" ("id") on update cascade;`);

    this.addSql(`alter table "staff" add constraint "staff_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);

    this.addSql(`alter table "school_group" add constraint "school_group_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "school_group" add constraint "school_group_year_id_foreign" foreign key ("year_id") references "academic_year" ("id") on update cascade;`);
    this.addSql(`alter table "school_group" add constraint "school_group_class_teacher_id_foreign" foreign key ("class_teacher_id") references "staff" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "school_group" add constraint "school_group_bell_schedule_id_foreign" foreign key ("bell_schedule_id") references "bell_schedule" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "admin_account" add constraint "admin_account_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "student" add constraint "student_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);

    this.addSql(`alter table "enrollment" add constraint "enrollment_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "enrollment" add constraint "enrollment_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade;`);
    this.addSql(`alter table "enrollment" add constraint "enrollment_group_id_foreign" foreign key ("group_id") references "school_group" ("id") on update cascade;`);

    this.addSql(`alter table "student_guardian" add constraint "student_guardian_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "student_guardian" add constraint "student_guardian_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "student_guardian" add constraint "student_guardian_guardian_id_foreign" foreign key ("guardian_id") references "guardian" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "student_movement" add constraint "student_movement_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "student_movement" add constraint "student_movement_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "student_movement" add constraint "student_movement_group_id_foreign" foreign key ("group_id") references "school_group" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "subgroup" add constraint "subgroup_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "subgroup" add constraint "subgroup_group_id_foreign" foreign key ("group_id") references "school_group" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "subgroup_member" add constraint "subgroup_member_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "subgroup_member" add constraint "subgroup_member_subgroup_id_foreign" foreign key ("subgroup_id") references "subgroup" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "subgroup_member" add constraint "subgroup_member_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "subject" add constraint "subject_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);

    this.addSql(`alter table "teaching_assignment" add constraint "teaching_assignment_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "teaching_assignment" add constraint "teaching_assignment_year_id_foreign" foreign key ("year_id") references "academic_year" ("id") on update cascade;`);
    this.addSql(`alter table "teaching_assignment" add constraint "teaching_assignment_teacher_id_foreign" foreign key ("teacher_id") references "staff" ("id") on update cascade;`);
    this.addSql(`alter table "teaching_assignment" add constraint "teaching_assignment_subject_id_foreign" foreign key ("subject_id") references "subject" ("id") on update cascade;`);
    this.addSql(`alter table "teaching_assignment" add constraint "teaching_assignment_group_id_foreign" foreign key ("group_id") references "school_group" ("id") on update cascade;`);
    this.addSql(`alter table "teaching_assignment" add constraint "teaching_assignment_subgroup_id_foreign" foreign key ("subgroup_id") references "subgroup" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "control_work" add constraint "control_work_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "control_work" add constraint "control_work_assignment_id_foreign" foreign key ("assignment_id") references "teaching_assignment" ("id") on update cascade;`);

    this.addSql(`alter table "thematic_plan_topic" add constraint "thematic_plan_topic_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "thematic_plan_topic" add constraint "thematic_plan_topic_assignment_id_foreign" foreign key ("assignment_id") references "teaching_assignment" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "timetable_slot" add constraint "timetable_slot_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
    this.addSql(`alter table "timetable_slot" add constraint "timetable_slot_assignment_id_foreign" foreign key ("assignment_id") references "teaching_assignment" ("id") on update cascade;`);
    this.addSql(`alter table "timetable_slot" add constraint "timetable_slot_group_id_foreign" foreign key ("group_id") references "school_group" ("id") on update cascade;`);
    this.addSql(`alter table "timetable_slot" add constraint "timetable_slot_subgroup_id_foreign" foreign key ("subgroup_id") references "subgroup" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "timetable_slot" add constraint "timetable_slot_room_id_foreign" foreign key ("room_id") references "room" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "work_type" add constraint "work_type_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade;`);
  }

}
