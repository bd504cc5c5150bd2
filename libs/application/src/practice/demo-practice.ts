import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandBus } from '@nestjs/cqrs';
import { PracticeAlreadyRegistered, ROLES, StaffMemberAlreadyExists, type Role } from '@pi/domain';
import { ignoring } from '../engine/ignoring.js';
import { RegisterPracticeCommand, UpdatePracticeProfileCommand } from './practice.commands.js';
import { AddStaffMemberCommand } from './staff.commands.js';

export const DEMO_FILE = 'demo-practice.json';

/** The demo practice of an embedded data directory: what `npm run token` signs for by default. */
export interface DemoPractice {
  practiceId: string;
  staff: Record<Role, string>;
}

export function readDemoPractice(dataDir: string): DemoPractice | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, DEMO_FILE), 'utf8')) as DemoPractice;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * First start of the embedded profile: a demo practice with one person of
 * each role. The ids are written down first and every step is
 * idempotent, so a start interrupted half-way finishes the job next time.
 */
export async function ensureDemoPractice(
  dataDir: string,
  commands: CommandBus,
): Promise<{ demo: DemoPractice; created: boolean }> {
  const existing = readDemoPractice(dataDir);
  // A data directory from before a role existed (support, analyst) gets that person on the next start.
  const everyRole = (staff: Partial<Record<Role, string>>) => ROLES.every((role) => staff[role] !== undefined);
  if (existing && (existing as DemoPractice & { complete?: boolean }).complete && everyRole(existing.staff))
    return { demo: existing, created: false };
  const staff = Object.fromEntries(
    ROLES.map((role) => [role, (existing?.staff as Partial<Record<Role, string>> | undefined)?.[role] ?? randomUUID()]),
  ) as Record<Role, string>;
  const demo: DemoPractice = { practiceId: existing?.practiceId ?? randomUUID(), staff };
  writeFileSync(join(dataDir, DEMO_FILE), JSON.stringify(demo, null, 2));
  const context = {
    practiceId: demo.practiceId,
    actor: 'system:demo-seed',
    correlationId: `demo-${demo.practiceId}`,
    causationId: `demo-${demo.practiceId}`,
  };
  await commands
    .execute(new RegisterPracticeCommand(demo.practiceId, 'Demo Family Practice', 'US', context))
    .catch(ignoring(PracticeAlreadyRegistered));
  await commands.execute(
    new UpdatePracticeProfileCommand(
      {
        about: 'A demo practice. Edit this profile with PUT /v1/practice/profile.',
        offerings: ['Secure messaging', 'Telehealth visits'],
        location: '1 Demo Street, Springfield',
      },
      context,
    ),
  );
  const people: [Role, string, string][] = [
    ['admin', 'Demo Admin', 'admin@demo-practice.example'],
    ['staff', 'Demo Nurse', 'nurse@demo-practice.example'],
    ['auditor', 'Demo Auditor', 'auditor@demo-practice.example'],
    ['support', 'Demo Support', 'support@demo-practice.example'],
    ['analyst', 'Demo Analyst', 'analyst@demo-practice.example'],
  ];
  for (const [role, name, email] of people) {
    await commands
      .execute(new AddStaffMemberCommand({ name, email, role, staffId: demo.staff[role] }, context))
      .catch(ignoring(StaffMemberAlreadyExists));
  }
  writeFileSync(join(dataDir, DEMO_FILE), JSON.stringify({ ...demo, complete: true }, null, 2));
  return { demo, created: true };
}
