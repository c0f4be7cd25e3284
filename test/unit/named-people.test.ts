import { describe, expect, it } from 'vitest';
import { staffActor } from '../../core/access/actor.js';
import { countPeople } from '../../core/audit/named-people.js';

describe('countPeople: how many people a read shows (G4)', () => {
  const reader = staffActor({ schoolId: 1, staffId: 7, roles: ['teacher'], classGroupIds: [], source: 'bot' });

  it('counts each person once, by table and id, and skips rows that name nobody', () => {
    expect(countPeople([['Student', 1], ['Student', 1], ['Guardian', 1], ['Staff', 1], ['Student', null], ['Staff', undefined]])).toBe(3);
  });

  it('leaves out the reader\'s own name: a screen naming only its reader is no read', () => {
    expect(countPeople([['Staff', 7], ['Staff', 7]], reader)).toBe(0);
    expect(countPeople([['Staff', 7], ['Staff', 8], ['Student', 7]], reader)).toBe(2);
  });
});
