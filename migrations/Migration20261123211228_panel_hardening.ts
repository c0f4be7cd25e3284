import { Migration } from '@mikro-orm/migrations';

export class Migration20261123211228_panel_hardening extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "login_attempt" ("email" varchar(255) not null, "failures" int not null default 0, "window_started_at" timestamptz null, "last_failure_at" timestamptz null, "locks" int not null default 0, "locked_until" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "login_attempt_pkey" primary key ("email"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "login_attempt" cascade;`);
  }

}
