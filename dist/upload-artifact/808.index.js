export const id = 808;
export const ids = [808];
export const modules = {

/***/ 46808:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   uploadToGithub: () => (/* binding */ uploadToGithub)
/* harmony export */ });
/* unused harmony exports isGhesServer, GHES_MESSAGE */
/* harmony import */ var _actions_artifact__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(20584);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74296);
/**
 * The `github` destination: a workflow run artifact, uploaded with the official `@actions/artifact` client (the
 * results service's Twirp API and Azure block blobs, with that client's own retries: Twirp calls 5 times on
 * 429/5xx, each 8 MiB block by the Azure SDK). Before anything is sent: the runtime credentials a JavaScript
 * action receives must be there, and the server must not be GitHub Enterprise Server, where this artifact service
 * does not exist. `overwrite` deletes an artifact of the same name in this run first, as the official action does.
 *
 * That client does not retry a Twirp call that fails on the network (a reset, or an answer lost after the service
 * acted). So after such a failure this module asks the service whether the artifact was finalized anyway (then it
 * is the result) and otherwise uploads once more: the service replaces an unfinalized artifact of the same name.
 */


/** `@actions/artifact`'s rule: only github.com, *.ghe.com and *.localhost have the artifact service it uses. */
function isGhesServer(serverUrl) {
    const host = new URL(serverUrl || 'https://github.com').hostname.toLowerCase();
    return host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost');
}
const GHES_MESSAGE = 'GitHub Enterprise Server does not provide the artifact service that upload-artifact v4+ and @actions/artifact v2+ use, so destination github cannot work here. Use destination octopus or gocd, or actions/upload-artifact@v3 (GHES-compatible) for a run artifact.';
function checkRunner(ctx) {
    const env = ctx.env;
    if (isGhesServer(env.GITHUB_SERVER_URL))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`${GHES_MESSAGE} (GITHUB_SERVER_URL is ${env.GITHUB_SERVER_URL})`);
    const missing = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'].filter((v) => !env[v]);
    if (missing.length)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: the runner gives the artifact service credentials only to JavaScript actions. Call this action with 'uses:' in a job step (directly or from a composite action), not from a 'run:' script or outside GitHub Actions.`);
    for (const v of ['GITHUB_REPOSITORY', 'GITHUB_RUN_ID'])
        if (!env[v])
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`${v} is not set: destination github only works inside a GitHub Actions job.`);
}
/** What went wrong with the upload, in words a user can act on. */
function explain(err, target) {
    if (err instanceof _actions_artifact__WEBPACK_IMPORTED_MODULE_0__/* .GHESNotSupportedError */ .jK)
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(GHES_MESSAGE);
    const message = (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err);
    if (err instanceof _actions_artifact__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb || /storage quota/i.test(message))
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`GitHub refused the artifact: the artifact storage quota of this account is used up (${message}). Delete old artifacts or lower retention_days, or wait for the storage to be recalculated (every 6 to 12 hours).`);
    if (/already exists|\(409\)|Conflict/i.test(message))
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`An artifact named '${target.name}' already exists in this workflow run (${message}). Artifact names are unique per run: choose another name (e.g. add \${{ matrix.* }} or \${{ github.run_attempt }}), or set overwrite: true to replace it.`);
    if (/ACTIONS_RUNTIME_TOKEN|JWT|backend IDs/i.test(message))
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The runner's artifact credentials were not accepted (${message}). Run this action as a step of a GitHub Actions job.`);
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Uploading the artifact '${target.name}' to GitHub failed: ${message}. Errors can be temporary: re-run the job; if it persists, check https://www.githubstatus.com.`);
}
/** A failure on the network (reset, timeout, lost answer), where the service may or may not have acted. */
function isNetworkFailure(err) {
    return err instanceof _actions_artifact__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr || /ECONNRESET|ETIMEDOUT|socket hang up|other side closed|fetch failed|network/i.test((0,_core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err));
}
/** The finalized artifact of that name in this run, if any (the service lists only finalized artifacts). */
async function findFinalized(client, name) {
    try {
        const { artifact } = await client.getArtifact(name);
        return { id: artifact.id, size: artifact.size, digest: artifact.digest?.replace(/^sha256:/, '') };
    }
    catch (err) {
        if (err instanceof _actions_artifact__WEBPACK_IMPORTED_MODULE_0__/* .ArtifactNotFoundError */ .CL)
            return undefined;
        throw err;
    }
}
async function uploadToGithub(ctx, selection, target) {
    checkRunner(ctx);
    ctx.secrets.add(ctx.env.ACTIONS_RUNTIME_TOKEN);
    const client = new _actions_artifact__WEBPACK_IMPORTED_MODULE_0__/* .DefaultArtifactClient */ .t9();
    if (target.overwrite) {
        try {
            const deleted = await client.deleteArtifact(target.name);
            ctx.logger.info(`Deleted the existing artifact '${target.name}' (id ${deleted.id}) because overwrite is true`);
        }
        catch (err) {
            if (err instanceof _actions_artifact__WEBPACK_IMPORTED_MODULE_0__/* .ArtifactNotFoundError */ .CL || /not found/i.test((0,_core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err)))
                ctx.logger.debug(`No artifact named '${target.name}' to replace`);
            else
                ctx.logger.warning(`Could not delete the existing artifact '${target.name}' before uploading: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err)}`);
        }
    }
    const upload = () => client.uploadArtifact(target.name, selection.files.map((f) => f.path), selection.root, { compressionLevel: target.compressionLevel, ...(target.retentionDays ? { retentionDays: target.retentionDays } : {}) });
    let result;
    try {
        result = await upload();
    }
    catch (err) {
        if (!isNetworkFailure(err))
            throw explain(err, target);
        ctx.logger.warning(`Uploading the artifact '${target.name}' failed on the network (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err)}); checking whether GitHub finished it anyway`);
        const finished = await findFinalized(client, target.name);
        if (finished) {
            ctx.logger.info(`GitHub has the artifact '${target.name}' (id ${finished.id}): the upload completed, only its answer was lost`);
            result = finished;
        }
        else {
            ctx.logger.info(`GitHub has no finished artifact '${target.name}'; uploading it once more`);
            try {
                result = await upload();
            }
            catch (again) {
                throw explain(again, target);
            }
        }
    }
    if (!result.id)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`GitHub did not return an id for the artifact '${target.name}'; the upload cannot be confirmed. Re-run the job.`);
    const env = ctx.env;
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    return {
        id: result.id,
        url: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${result.id}`,
        digest: result.digest ?? '',
        size: result.size ?? 0
    };
}


/***/ })

};

//# sourceMappingURL=808.index.js.map