// Jest global tear-down: removes the bundles the global set-up built from src/.
export { removeBundles as default } from './action-bundles.mjs';
