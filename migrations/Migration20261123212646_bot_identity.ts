import { Migration } from '@mikro-orm/migrations';

export class Migration20261123212646_bot_identity extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "telegram_account" add column "active_binding_id" int null, add column "active_child_id" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "telegram_account" drop column "active_binding_id", drop column "active_child_id";`);
  }

}
