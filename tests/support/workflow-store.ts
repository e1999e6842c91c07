/**
 * The store under a test's workflow. The shells never reach it (Workflow keeps its store
 * private); tests open the store themselves and keep it, to check what was kept or to pull it
 * away underneath.
 */
import type { Store } from '../../src/store';
import { Workflow } from '../../src/workflow';

const storesOf = new WeakMap<Workflow, Store>();

/** A workflow over `store`, remembered so that `storeOf` can give the store back. */
export function workflowOver(store: Store, options?: ConstructorParameters<typeof Workflow>[1]): Workflow {
  const workflow = new Workflow(store, options);
  storesOf.set(workflow, store);
  return workflow;
}

export function storeOf(workflow: Workflow): Store {
  const store = storesOf.get(workflow);
  if (!store) throw new Error('storeOf: this workflow was not opened by workflowOver');
  return store;
}
