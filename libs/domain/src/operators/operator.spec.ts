import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { operatorDecider, OperatorNotFound, type OperatorRegistered } from './operator.js';

const spec = specFor(operatorDecider);
const at = '2026-11-30T10:00:00.000Z';
const registered: OperatorRegistered = {
  type: 'OperatorRegistered',
  data: { operatorId: 'o1', name: 'Olga Ops', email: 'olga@platform.example', registeredAt: at },
};

describe('operator', () => {
  it('registers an operator of the platform', () => {
    expect(
      spec
        .given([])
        .when({ type: 'RegisterOperator', operatorId: 'o1', name: 'Olga Ops', email: 'olga@platform.example', at })
        .events(),
    ).toEqual([registered]);
  });

  it('records nothing when the same operator is registered again', () => {
    expect(
      spec
        .given([registered])
        .when({ type: 'RegisterOperator', operatorId: 'o1', name: 'Olga Ops', email: 'olga@platform.example', at })
        .events(),
    ).toEqual([]);
  });

  it('deactivates an operator once', () => {
    const deactivated = spec.given([registered]).when({ type: 'DeactivateOperator', operatorId: 'o1', at }).events();
    expect(deactivated).toEqual([{ type: 'OperatorDeactivated', data: { operatorId: 'o1', deactivatedAt: at } }]);
    expect(
      spec
        .given([registered, ...deactivated])
        .when({ type: 'DeactivateOperator', operatorId: 'o1', at })
        .events(),
    ).toEqual([]);
  });

  it('refuses to deactivate an operator that does not exist', () => {
    expect(spec.given([]).when({ type: 'DeactivateOperator', operatorId: 'o1', at }).error()).toBeInstanceOf(
      OperatorNotFound,
    );
  });
});
