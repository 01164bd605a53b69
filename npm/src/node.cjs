// Node entry (require and, through node.mjs, import): reads the .wasm beside this file and instantiates it
// synchronously, so `require('iamsim')` is ready to use at once, with no init step for the caller.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const glue = require('./iamsim_glue.js');
const { createApi } = require('./api.js');

glue.initSync({ module: readFileSync(join(__dirname, 'iamsim_bg.wasm')) });

module.exports = createApi(glue);
