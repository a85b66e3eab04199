export const id = 10;
export const ids = [10];
export const modules = {

/***/ 10:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployEndpoint: () => (/* binding */ deployEndpoint)
});

// EXTERNAL MODULE: ./src/kit/errors.ts
var errors = __webpack_require__(713);
;// CONCATENATED MODULE: ./src/actions/shared/not-implemented.ts

/** What an action whose behaviour has not landed yet does once its inputs are valid: fail, never pass. */
function notImplemented(action, issue) {
    throw new errors/* ActionError */.lZ(`${action}: the inputs are valid, but this action's behaviour is not implemented yet (issue #${issue}).`, 'Pin an earlier release of next-item-actions that has it, or wait for that issue to land.');
}

;// CONCATENATED MODULE: ./src/actions/deploy-endpoint/deploy-endpoint.ts

async function deployEndpoint(_inputs) {
    notImplemented('deploy-endpoint', 6);
}


/***/ })

};
