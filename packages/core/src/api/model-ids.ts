/**
 * Model ids as front ends check them (`--model`): the id checked without
 * throwing, with the accepted forms and a did-you-mean on a typo. The CLI
 * imports this module at startup, so it stays one re-export of a module with
 * no dependencies beyond `domain/`.
 */
export { checkModelId, type ModelIdCheck } from "../models/model-id-check.js";
