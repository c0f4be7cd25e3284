import { Migration } from '@mikro-orm/migrations';

export class Migration20261204204005_deployment_flag_login_address extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "login_address_attempt" ("address" varchar(255) not null, "failures" int not null default 0, "window_started_at" timestamptz null, "last_failure_at" timestamptz null, "locks" int not null default 0, "locked_until" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "login_address_attempt_pkey" primary key ("address"));`);

    this.addSql(`alter table "admin_account" drop constraint "admin_account_staff_id_foreign";`);

    this.addSql(`alter table "admin_account" add column "deployment" boolean not null default false;`);
    this.addSql(`alter table "admin_account" add constraint "admin_account_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "admin_account" add constraint admin_account_deployment_has_no_staff check(not (deployment and staff_id is not null));`);

    // Which existing accounts are the deployment's administrator: only the demo account (made by the start-up
    // without ADMIN_EMAIL). The ADMIN_EMAIL account gets its flag at the next start (ensureConfigured runs
    // after the migrations); any other account without a staff link (one whose staff record was deleted while
    // the link was ON DELETE SET NULL) gets none and opens nothing until `cli admin:deployment` says otherwise.
    this.addSql(`update "admin_account" set "deployment" = true where "staff_id" is null and "email" = 'admin@demo.klassny.local';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "login_address_attempt" cascade;`);

    this.addSql(`alter table "admin_account" drop constraint "admin_account_staff_id_foreign";`);

    this.addSql(`alter table "admin_account" drop constraint admin_account_deployment_has_no_staff;`);
    this.addSql(`alter table "admin_account" drop column "deployment";`);

    this.addSql(`alter table "admin_account" add constraint "admin_account_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on update cascade on delete set null;`);
  }

}
