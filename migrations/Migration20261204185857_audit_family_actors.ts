import { Migration } from '@mikro-orm/migrations';

export class Migration20261204185857_audit_family_actors extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_actor_kind_check";`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_actor_kind_check" check("actor_kind" in ('staff', 'deployment', 'system', 'guardian', 'student'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_actor_kind_check";`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_actor_kind_check" check("actor_kind" in ('staff', 'deployment', 'system'));`);
  }

}
