import { Migration } from '@mikro-orm/migrations';

export class Migration20261205235922_pseudonyms extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "student" add column "pseudonym_no" int null;`);
    this.addSql(`alter table "student" add constraint "student_school_id_pseudonym_no_unique" unique ("school_id", "pseudonym_no");`);
    this.addSql(`alter table "guardian" add column "pseudonym_no" int null;`);
    this.addSql(`alter table "guardian" add constraint "guardian_school_id_pseudonym_no_unique" unique ("school_id", "pseudonym_no");`);

    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_action_check";`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_action_check" check("action" in ('create', 'update', 'delete', 'movement', 'rollback', 'withdrawal', 'export'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_action_check";`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_action_check" check("action" in ('create', 'update', 'delete', 'movement', 'rollback'));`);

    this.addSql(`alter table "guardian" drop constraint "guardian_school_id_pseudonym_no_unique";`);
    this.addSql(`alter table "guardian" drop column "pseudonym_no";`);
    this.addSql(`alter table "student" drop constraint "student_school_id_pseudonym_no_unique";`);
    this.addSql(`alter table "student" drop column "pseudonym_no";`);
  }

}
