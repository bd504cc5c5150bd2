import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AddStaffMemberHandler, UpdatePracticeProfileHandler } from '@pi/application';
import { UpdatePracticeProfileDto } from './practice/practice.dto.js';

/**
 * Nest injects by constructor parameter types and class-validator reads
 * property types from decorator metadata. If a compiler stops emitting it,
 * nothing fails loudly: injections become undefined and validation is skipped.
 * These checks make that loud, for the test build (SWC) and the shipped build (tsc).
 */
describe('decorator metadata', () => {
  it('is emitted for constructor parameters in the test build', () => {
    expect(Reflect.getMetadata('design:paramtypes', UpdatePracticeProfileHandler)).toHaveLength(2);
    expect(Reflect.getMetadata('design:paramtypes', AddStaffMemberHandler)).toHaveLength(3);
  });

  it('is emitted for DTO properties in the test build', () => {
    expect(Reflect.getMetadata('design:type', UpdatePracticeProfileDto.prototype, 'offerings')).toBe(Array);
  });

  it('is emitted by the shipped tsc build (npm start runs it)', async () => {
    const dist = fileURLToPath(new URL('../dist/', import.meta.url));
    expect(readdirSync(dist)).toContain('main.js');
    // The handlers are in the application package; npm start loads its tsc build.
    const application = fileURLToPath(new URL('../../../libs/application/dist/', import.meta.url));
    const shipped = await import(/* @vite-ignore */ `${application}practice/practice.commands.js`);
    expect(Reflect.getMetadata('design:paramtypes', shipped.UpdatePracticeProfileHandler)).toHaveLength(2);
  });
});
