import { Migration } from '@mikro-orm/migrations';

export class Migration20261205080746_staff_panel_access extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "panel_sign_in_link" ("id" serial primary key, "token_hash" varchar(255) not null, "account_id" int not null, "binding_id" int not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null);`);
    this.addSql(`alter table "panel_sign_in_link" add constraint "panel_sign_in_link_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "panel_sign_in_link_account_id_index" on "panel_sign_in_link" ("account_id");`);

    this.addSql(`alter table "panel_sign_in_link" add constraint "panel_sign_in_link_account_id_foreign" foreign key ("account_id") references "admin_account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "panel_sign_in_link" add constraint "panel_sign_in_link_binding_id_foreign" foreign key ("binding_id") references "telegram_binding" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "admin_account" add column "disabled_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "panel_sign_in_link" cascade;`);

    this.addSql(`alter table "admin_account" drop column "disabled_at";`);
  }

}
