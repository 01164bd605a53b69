// Node entry for require: instantiates the module synchronously, so `require('iamsim')` is ready to use at
// once, with no init step for the caller. (node.mjs is the same for import: see there why it is separate.)
'use strict';
const { join } = require('node:path');
const glue = require('./iamsim_glue.js');
const { createApi } = require('./api.js');
const { loadModule } = require('./node-module.js');

glue.initSync({ module: loadModule(join(__dirname, 'iamsim_bg.wasm')) });

module.exports = createApi(glue);
