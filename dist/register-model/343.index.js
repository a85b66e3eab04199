export const id = 343;
export const ids = [343];
export const modules = {

/***/ 343:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  registerModel: () => (/* binding */ registerModel)
});

// EXTERNAL MODULE: ./src/kit/errors.ts
var errors = __webpack_require__(713);
;// CONCATENATED MODULE: ./src/actions/shared/not-implemented.ts

/** What an action whose behaviour has not landed yet does once its inputs are valid: fail, never pass. */
function notImplemented(action, issue) {
    throw new errors/* ActionError */.lZ(`${action}: the inputs are valid, but this action's behaviour is not implemented yet (issue #${issue}).`, 'Pin an earlier release of next-item-actions that has it, or wait for that issue to land.');
}

;// CONCATENATED MODULE: ./src/actions/register-model/register-model.ts

async function registerModel(_inputs) {
    notImplemented('register-model', 5);
}


/***/ })

};
