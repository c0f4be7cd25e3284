import { Migration } from '@mikro-orm/migrations';

export class Migration20261123200539 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "admin_account" ("id" serial primary key, "email" varchar(255) not null, "password_hash" varchar(255) not null, "must_change_password" boolean not null default false, "last_login_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "admin_account" add constraint "admin_account_email_unique" unique ("email");`);

    this.addSql(`create table "panel_session" ("sid" varchar(255) not null, "data" jsonb not null, "expires_at" timestamptz not null, constraint "panel_session_pkey" primary key ("sid"));`);
    this.addSql(`create index "panel_session_expires_at_index" on "panel_session" ("expires_at");`);

    this.addSql(`create table "processed_update" ("bot_id" bigint not null, "update_id" bigint not null, "received_at" timestamptz not null default now(), constraint "processed_update_pkey" primary key ("bot_id", "update_id"));`);
    this.addSql(`create index "processed_update_received_at_index" on "processed_update" ("received_at");`);

    this.addSql(`create table "telegram_account" ("id" bigint not null, "language" text check ("language" in ('ru', 'en')) not null default 'ru', "language_chosen" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "telegram_account_pkey" primary key ("id"));`);
  }

}
