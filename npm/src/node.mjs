// Node ESM entry: the same single instance as require('iamsim'), re-exported by name.
import api from './node.cjs';

export const {
  simulate, explain, simulateMany, compile, version, expandAction, describeAction, dataVersion, servicePrefixes, conditionKeys,
} = api;
