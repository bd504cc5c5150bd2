import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { staffDecider } from './staff.decide.js';
import { CannotDeactivateSelf, StaffMemberAlreadyExists, StaffMemberNotFound } from './staff.errors.js';
import type { StaffMemberAdded } from './staff.events.js';

const spec = specFor(staffDecider);
const at = '2026-11-26T10:00:00.000Z';
const added: StaffMemberAdded = {
  type: 'StaffMemberAdded',
  data: { staffId: 's1', practiceId: 'p1', name: 'Dr. Brown', email: 'brown@clinic.test', role: 'staff', addedAt: at },
};

describe('staff member', () => {
  it('adds a staff member with a name, an email and a role', () => {
    const events = spec
      .given([])
      .when({
        type: 'AddStaffMember',
        staffId: 's1',
        practiceId: 'p1',
        name: 'Dr. Brown',
        email: 'brown@clinic.test',
        role: 'staff',
        at,
      })
      .events();
    expect(events).toEqual([added]);
  });

  it('refuses to add the same staff member twice', () => {
    const error = spec
      .given([added])
      .when({
        type: 'AddStaffMember',
        staffId: 's1',
        practiceId: 'p1',
        name: 'X',
        email: 'x@clinic.test',
        role: 'admin',
        at,
      })
      .error();
    expect(error).toBeInstanceOf(StaffMemberAlreadyExists);
  });

  it('renames and changes the role in one update, recording each change', () => {
    const events = spec
      .given([added])
      .when({ type: 'UpdateStaffMember', staffId: 's1', practiceId: 'p1', name: 'Dr. A. Brown', role: 'admin', at })
      .events();
    expect(events.map((e) => e.type)).toEqual(['StaffMemberRenamed', 'StaffRoleChanged']);
  });

  it('records nothing when the update changes nothing', () => {
    const events = spec
      .given([added])
      .when({ type: 'UpdateStaffMember', staffId: 's1', practiceId: 'p1', name: 'Dr. Brown', at })
      .events();
    expect(events).toEqual([]);
  });

  it("treats another practice's staff member as not found", () => {
    const error = spec
      .given([added])
      .when({ type: 'UpdateStaffMember', staffId: 's1', practiceId: 'p2', name: 'Y', at })
      .error();
    expect(error).toBeInstanceOf(StaffMemberNotFound);
  });

  describe('when deactivated', () => {
    const deactivate = { type: 'DeactivateStaffMember' as const, staffId: 's1', practiceId: 'p1', by: 'admin-1', at };

    it('records the deactivation', () => {
      expect(spec.given([added]).when(deactivate).events()).toEqual([
        { type: 'StaffMemberDeactivated', data: { staffId: 's1', deactivatedAt: at } },
      ]);
    });

    it('records nothing the second time', () => {
      expect(
        spec
          .given([added, { type: 'StaffMemberDeactivated', data: { staffId: 's1', deactivatedAt: at } }])
          .when(deactivate)
          .events(),
      ).toEqual([]);
    });

    it('refuses an admin deactivating themselves', () => {
      expect(
        spec
          .given([added])
          .when({ ...deactivate, by: 's1' })
          .error(),
      ).toBeInstanceOf(CannotDeactivateSelf);
    });

    it("treats another practice's staff member as not found", () => {
      expect(
        spec
          .given([added])
          .when({ ...deactivate, practiceId: 'p2' })
          .error(),
      ).toBeInstanceOf(StaffMemberNotFound);
    });

    it('no longer renames or changes the role of a deactivated member', () => {
      const error = spec
        .given([added, { type: 'StaffMemberDeactivated', data: { staffId: 's1', deactivatedAt: at } }])
        .when({ type: 'UpdateStaffMember', staffId: 's1', practiceId: 'p1', role: 'admin', at })
        .error();
      expect(error).toBeInstanceOf(StaffMemberNotFound);
    });
  });
});
