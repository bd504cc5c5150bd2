import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every problem type the code can answer: domain errors' codes, problem exceptions, the mapping's own. */
function problemTypesInCode(): Map<string, string> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(`${root}${dir}`, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(`${dir}/${entry.name}`);
      } else if (entry.name.endsWith('.ts') && !/\.(test|spec|d)\.ts$/.test(entry.name))
        files.push(`${dir}/${entry.name}`);
    }
  };
  for (const dir of ['libs', 'apps', 'projections']) walk(dir);
  const found = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(`${root}${file}`, 'utf8');
    // A DomainError's code reaches HTTP as /problems/<code> (problem-mapping.ts); other errors' codes do not.
    for (const match of text.matchAll(/class \w+ extends DomainError \{([\s\S]*?)\n\}/g))
      for (const code of match[1].matchAll(/readonly code = '([a-z0-9-]+)'/g)) found.set(code[1], file);
    for (const code of text.matchAll(/ProblemException\.of\(\s*\d+,\s*'([a-z0-9-]+)'/g)) found.set(code[1], file);
    for (const code of text.matchAll(/problemType\('([a-z0-9-]+)'\)/g)) found.set(code[1], file);
  }
  for (const code of readFileSync(`${root}apps/api/src/http/problem-mapping.ts`, 'utf8').matchAll(
    /^\s+\d{3}: '([a-z-]+)',/gm,
  ))
    found.set(code[1], 'apps/api/src/http/problem-mapping.ts');
  return found;
}

describe('the problem table of docs/http-api.md', () => {
  it('lists every problem type the code can answer', () => {
    const rows = readFileSync(`${root}docs/http-api.md`, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| `/problems/'));
    const listed = rows.flatMap((row) => [...row.matchAll(/`\/problems\/([a-z0-9*-]+)`/g)].map((m) => m[1]));
    const patterns = listed.map((entry) => new RegExp(`^${entry.replace(/\*/g, '[a-z0-9-]+')}$`));
    const inCode = problemTypesInCode();
    expect(inCode.size).toBeGreaterThan(60);
    const missing = [...inCode].filter(([code]) => !patterns.some((p) => p.test(code))).map(([c, f]) => `${c} (${f})`);
    expect(missing, 'problem types the code answers and the table does not list').toEqual([]);
  });
});
