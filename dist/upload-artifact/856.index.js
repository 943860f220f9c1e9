export const id = 856;
export const ids = [856];
export const modules = {

/***/ 85856:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  uploadToGocd: () => (/* binding */ uploadToGocd)
});

// UNUSED EXPORTS: MAX_OUTPUT_URLS

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/core/summary.ts
var summary = __webpack_require__(71363);
// EXTERNAL MODULE: ./src/core/tls-inputs.ts
var tls_inputs = __webpack_require__(42530);
// EXTERNAL MODULE: ./src/core/http.ts + 2 modules
var http = __webpack_require__(12884);
// EXTERNAL MODULE: ./src/gocd/connection.ts
var connection = __webpack_require__(22241);
;// CONCATENATED MODULE: ./src/gocd/messages.ts
const WRONG_URL_MESSAGE = 'The url you are trying to reach appears to be incorrect';
function extractGocdMessage(text, json) {
    if (json && typeof json === 'object' && !Array.isArray(json)) {
        const o = json;
        for (const key of ['message', 'error'])
            if (typeof o[key] === 'string' && o[key])
                return o[key];
    }
    const t = text.trim();
    return t ? t.slice(0, 500) : undefined;
}
/** The hint for an error any GoCD request can get (authentication, permissions, unknown URL), if one applies. */
function genericHint(err, auth, server) {
    const msg = err.serverMessage;
    if (err.status === 401) {
        if (/credentials are not required, since security has been disabled/i.test(msg))
            return 'This GoCD server has security disabled: remove the token / username and password inputs (and GOCD_TOKEN, GOCD_USERNAME, GOCD_PASSWORD).';
        if (auth.kind === 'none')
            return 'This GoCD server requires authentication: set the token input (or GOCD_TOKEN) to a personal access token, or username and password (GOCD_USERNAME, GOCD_PASSWORD).';
        if (auth.kind === 'token')
            return 'Check the token input (GOCD_TOKEN): create a new personal access token in GoCD (user menu > Personal Access Tokens) if it was revoked, and store it as a repository secret.';
        return 'Check the username and password inputs (GOCD_USERNAME, GOCD_PASSWORD); with single sign-on plugins use a personal access token instead.';
    }
    if (err.status === 403 && /access token is forbidden/i.test(msg))
        return 'GoCD does not accept access tokens for this API: use username and password (basic authentication) instead.';
    if (err.status === 403)
        return 'The GoCD user lacks the permission this needs: ask a GoCD administrator to grant it (operate permission on the pipeline group to schedule or cancel).';
    if (err.status === 404 && msg.startsWith(WRONG_URL_MESSAGE))
        return `GoCD does not know this API route. This client always sends the API version each route expects, so check that the server input (${server}) points at the GoCD server (https://gocd.example.com or .../go) and that GoCD is 20.9 or newer.`;
    if (err.status === 500)
        return 'GoCD failed with an internal error; its server log (go-server.log) has the details.';
    if (err.status === 502 || err.status === 503 || err.status === 504)
        return 'GoCD, or a proxy in front of it, is unavailable; the request was retried with backoff. Check that the server is up, then re-run the job.';
    if (err.status === 507)
        return 'The GoCD server is out of disk space; an administrator has to free space before anything can be scheduled.';
    return undefined;
}

;// CONCATENATED MODULE: ./src/gocd/client.ts
/**
 * The GoCD API client core, built on the suite's `HttpClient`: every `/api` request carries the exact versioned
 * Accept header its route expects (never a bare `application/json`, which GoCD answers with 404), a POST/PUT/PATCH
 * with a body is sent as `application/json`, one without a body carries `X-GoCD-Confirm: true`. Errors keep GoCD's
 * own message and gain a hint; deprecation headers are logged as warnings.
 */




/** API versions of the routes the suite uses (GoCD 20.9+; each route accepts exactly one). Pipeline config v11 is optional. */
const API_VERSION = {
    pipelineOperations: 1,
    pipelineInstance: 1,
    stageInstance: 3,
    stageOperations: 2,
    jobInstance: 1,
    accessToken: 1,
    currentUser: 1,
    version: 1,
    serverHealth: 1,
    pipelineConfig: 11
};
function acceptHeader(version) {
    if (!Number.isInteger(version) || version < 1 || version > 11)
        throw new Error(`GoCD API version must be 1..11, got ${version}`);
    return `application/vnd.go.cd.v${version}+json`;
}
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const DEPRECATION_HEADERS = ['x-gocd-api-deprecated-in', 'x-gocd-api-removal-in', 'x-gocd-api-deprecation-info'];
/**
 * Encodes one path segment. Empty, `.` and `..` are refused: URL normalisation would drop them or climb a level
 * (also as `%2e%2e`), so the request would reach another resource than the one named.
 */
function seg(value) {
    const text = String(value);
    if (text === '' || text === '.' || text === '..')
        throw new Error(`${JSON.stringify(text)} cannot be a segment of a GoCD URL (it would address another path)`);
    return encodeURIComponent(text);
}
class GocdClient {
    opts;
    server;
    http;
    warned = new Set();
    constructor(opts) {
        this.opts = opts;
        const { connection, secrets } = opts;
        this.server = connection.server;
        const auth = connection.auth;
        let authorization;
        if (auth.kind === 'token') {
            secrets.add(auth.token);
            authorization = `Bearer ${auth.token}`;
        }
        else if (auth.kind === 'basic') {
            authorization = `Basic ${secrets.addBasicAuth(auth.username, auth.password)}`;
        }
        this.http = new http/* HttpClient */.Q({
            baseUrl: connection.server,
            service: 'GoCD',
            logger: opts.logger,
            secrets,
            headers: authorization ? { Authorization: authorization } : {},
            userAgent: opts.userAgent,
            timeoutMs: opts.timeoutMs ?? 30_000,
            retry: opts.retry,
            sleep: opts.sleep,
            caCertificate: connection.tls.caCertificate,
            insecureSkipTlsVerify: connection.tls.insecureSkipTlsVerify,
            noProxy: connection.tls.noProxy,
            extractMessage: extractGocdMessage,
            tlsHint: 'The GoCD server certificate is not trusted: set ca_certificate (or GOCD_CA_CERTIFICATE) to the PEM of the CA that issued it, or, only for a test server, insecure_skip_tls_verify: true.'
        });
    }
    get connection() {
        return this.opts.connection;
    }
    describeAuth() {
        return (0,connection/* describeAuth */.uf)(this.opts.connection.auth);
    }
    /** A page of the GoCD web UI (`/go/...`). */
    webUrl(path) {
        return `${this.server}${path.startsWith('/') ? path : `/${path}`}`;
    }
    async request(req) {
        const method = (req.method ?? 'GET').toUpperCase();
        if (req.version === null && /^\/api\//.test(req.path))
            throw new Error(`GoCD API route ${req.path} needs an API version`);
        const headers = { ...(req.headers ?? {}) };
        if (req.version !== null)
            headers.Accept = acceptHeader(req.version);
        const hasBody = req.json !== undefined || req.body !== undefined;
        if (WRITE_METHODS.has(method) && !hasBody)
            headers['X-GoCD-Confirm'] = 'true';
        if (req.json !== undefined)
            headers['Content-Type'] = 'application/json';
        try {
            const res = await this.http.request({ ...req, method, headers });
            this.warnDeprecated(method, req.path, res.headers);
            return res;
        }
        catch (err) {
            if (err instanceof errors/* ApiError */.hD && !err.hint) {
                const hint = genericHint(err, this.opts.connection.auth, this.server);
                if (hint)
                    throw err.withHint(hint);
            }
            throw err;
        }
    }
    async get(path, version, query) {
        return (await this.request({ method: 'GET', path, version, query })).data;
    }
    warnDeprecated(method, path, headers) {
        const values = DEPRECATION_HEADERS.map((h) => headers.get(h)).filter((v) => !!v);
        if (!values.length)
            return;
        const key = values.join('|');
        if (this.warned.has(key))
            return;
        this.warned.add(key);
        const link = headers.get('link');
        this.opts.logger.warning(`GoCD marks ${method} ${path} as deprecated: ${values.join('; ')}${link ? ` (successor: ${link})` : ''}`);
    }
    async close() {
        await this.http.close();
    }
}

// EXTERNAL MODULE: ./src/upload/digest.ts
var digest = __webpack_require__(62241);
// EXTERNAL MODULE: ./src/upload/streamed-upload.ts + 1 modules
var streamed_upload = __webpack_require__(79069);
// EXTERNAL MODULE: ./src/upload/summary.ts
var upload_summary = __webpack_require__(34177);
// EXTERNAL MODULE: ./src/upload/transfer.ts
var upload_transfer = __webpack_require__(35794);
// EXTERNAL MODULE: ./src/upload/zip.ts
var upload_zip = __webpack_require__(23422);
;// CONCATENATED MODULE: ./src/upload/destinations/gocd.ts
/**
 * The `gocd` destination: artifacts of a GoCD job (`/go/files/<pipeline>/<counter>/<stage>/<stageCounter>/<job>/…`,
 * the artifacts API), on the shared GoCD client. One file goes as the multipart part `file` to
 * `<remote_path>/<name>`; several go as one streamed zip in the part `zipfile`, which GoCD unpacks into
 * `<remote_path>/`. The job is checked first (its artifact listing), so a wrong counter fails before a big upload.
 *
 * Retries never leave a wrong result: after an ambiguous failure a single file is downloaded and compared by
 * SHA-256 with the bytes sent before anything is sent again; a zip whose body was sent completely is confirmed
 * from the listing (GoCD unpacks only a complete zip; sending it again replaces the files with the same content).
 * GoCD refuses to replace an existing file: with identical content that is not an error.
 */











/** The `artifact_urls` output lists at most this many files (step outputs are limited to 1 MB). */
const MAX_OUTPUT_URLS = 1000;
const encodePath = (path) => path.split('/').filter(Boolean).map(seg).join('/');
const CONFIRM = { Confirm: 'true', 'X-GoCD-Confirm': 'true' };
function flatten(entries, prefix = '') {
    const out = new Set();
    for (const e of entries) {
        const path = prefix ? `${prefix}/${e.name}` : e.name;
        if (e.type === 'file')
            out.add(path);
        else
            for (const p of flatten(e.files ?? [], path))
                out.add(p);
    }
    return out;
}
async function uploadToGocd(ctx, selection, target, options) {
    (0,tls_inputs/* warnInsecure */.h)(target.connection.tls, ctx.logger, target.connection.server);
    const client = new GocdClient({
        connection: target.connection,
        logger: ctx.logger,
        secrets: ctx.secrets,
        timeoutMs: options.http.timeoutMs,
        retry: options.http.retry,
        sleep: options.http.sleep,
        userAgent: 'deployment-action-suite (upload-artifact)'
    });
    const job = `${target.pipeline}/${target.pipelineCounter}/${target.stage}/${target.stageCounter}/${target.job}`;
    const jobPath = `/files/${[target.pipeline, target.pipelineCounter, target.stage, target.stageCounter, target.job].map(seg).join('/')}`;
    const listing = async () => flatten((await client.request({ method: 'GET', path: `${jobPath}.json`, version: null, responseType: 'json' })).data ?? []);
    const remote = (name) => (target.remotePath ? `${target.remotePath}/${name}` : name);
    const fileUrl = (path) => `${client.server}${jobPath}/${encodePath(path)}`;
    const remoteHash = async (path) => {
        const res = await client.request({ method: 'GET', path: `${jobPath}/${encodePath(path)}`, version: null, responseType: 'response' });
        return (await (0,digest/* digestStream */.N)(external_node_stream_.Readable.fromWeb(res.response.body))).sha256;
    };
    try {
        let existing;
        try {
            existing = await listing();
        }
        catch (err) {
            if (err instanceof errors/* ApiError */.hD && err.status === 404)
                throw err.withHint(`GoCD has no job ${job}. Check pipeline, pipeline_counter (e.g. the counter output of trigger-gocd-pipeline), stage, stage_counter and job: the pipeline run must exist before artifacts can be added to it.`);
            throw err;
        }
        const uploaded = selection.files.map((f) => remote(selection.files.length === 1 ? external_node_path_.posix.basename(f.name) : f.name));
        const transfer = { logger: ctx.logger, progressIntervalMs: options.progressIntervalMs };
        let status = 'uploaded';
        if (selection.files.length === 1) {
            const f = selection.files[0];
            const target1 = uploaded[0];
            if (existing.has(target1)) {
                const local = await (0,digest/* digestStream */.N)((0,streamed_upload/* fileSource */.I)(f.source));
                if ((await remoteHash(target1)) !== local.sha256)
                    throw new errors/* ActionError */.lZ(`The job ${job} already has an artifact ${target1} with different content, and GoCD does not replace artifact files. Upload to another remote_path, or into a new run of the pipeline.`);
                ctx.logger.info(`${target1} is already in the artifacts of ${job} with identical content (SHA-256 ${local.sha256}); nothing to upload`);
                status = 'unchanged';
            }
            else {
                const upload = new streamed_upload/* StreamedUpload */.T({ open: () => (0,streamed_upload/* fileSource */.I)(f.source), size: f.size, fileName: external_node_path_.posix.basename(f.name), contentType: 'application/octet-stream' }, { ...transfer, field: 'file', label: `Uploading ${f.name}` });
                ctx.logger.info(`Uploading ${f.name} (${(0,summary/* humanBytes */.p6)(f.size)}) to ${job} as ${target1}`);
                const res = await client.request({
                    method: 'POST',
                    path: `${jobPath}/${encodePath(target1)}`,
                    version: null,
                    headers: { ...upload.headers(), ...CONFIRM },
                    body: upload.body,
                    timeoutMs: upload_transfer/* UPLOAD_CEILING_MS */.n,
                    responseType: 'text',
                    reconcile: async () => {
                        if (!upload.last.complete || !(await listing()).has(target1))
                            return undefined;
                        return (await remoteHash(target1)) === upload.last.sha256 ? 'confirmed from the stored file' : undefined;
                    }
                });
                if (res.reconciled)
                    ctx.logger.info(`${target1}: the answer was lost, but GoCD holds the file with the SHA-256 of the bytes sent, so the upload succeeded`);
            }
        }
        else {
            const replaced = uploaded.filter((p) => existing.has(p));
            if (replaced.length)
                ctx.logger.warning(`${replaced.length} file(s) already exist in the artifacts of ${job} and are replaced by this upload (e.g. ${replaced[0]})`);
            const zip = (0,upload_zip/* zipSource */.lS)(selection.files, { compressionLevel: target.compressionLevel });
            const upload = new streamed_upload/* StreamedUpload */.T({ open: zip.open, inputFraction: zip.inputFraction, fileName: 'artifacts.zip', contentType: 'application/zip' }, { ...transfer, field: 'zipfile', label: `Uploading ${selection.files.length} files (zip)` });
            ctx.logger.info(`Uploading ${selection.files.length} files (${(0,summary/* humanBytes */.p6)(selection.totalBytes)}) as one zip to ${job}, unpacked into ${target.remotePath || 'the top of its artifacts'}`);
            const res = await client.request({
                method: 'POST',
                path: `${jobPath}/${encodePath(target.remotePath)}`,
                version: null,
                headers: { ...upload.headers(), ...CONFIRM },
                body: upload.body,
                timeoutMs: upload_transfer/* UPLOAD_CEILING_MS */.n,
                responseType: 'text',
                reconcile: async () => {
                    if (!upload.last.complete)
                        return undefined;
                    const now = await listing();
                    return uploaded.every((p) => now.has(p)) ? 'confirmed from the listing' : undefined;
                }
            });
            if (res.reconciled)
                ctx.logger.info(`The answer was lost, but every file is in the artifacts of ${job}, so the upload succeeded`);
        }
        const after = await listing();
        const missing = uploaded.filter((p) => !after.has(p));
        if (missing.length)
            throw new errors/* ActionError */.lZ(`GoCD accepted the upload but ${missing.length} file(s) are not in the artifacts of ${job} (e.g. ${missing[0]}). Upload again; if it persists, check the GoCD server's artifacts disk.`);
        const urls = uploaded.map(fileUrl);
        if (urls.length > MAX_OUTPUT_URLS)
            ctx.logger.warning(`artifact_urls lists the first ${MAX_OUTPUT_URLS} of ${urls.length} files; the job's listing is ${client.server}${jobPath}.json`);
        ctx.setOutput('artifact_urls', JSON.stringify(urls.slice(0, MAX_OUTPUT_URLS)));
        ctx.logger.info(`${status === 'unchanged' ? 'Already present' : 'Uploaded'}: ${urls.length} file(s) in the artifacts of ${job}`);
        await (0,upload_summary/* writeUploadSummary */.Jn)(ctx.summary, selection, {
            title: `${urls.length} file${urls.length === 1 ? '' : 's'} to GoCD job ${job}`,
            rows: [
                ['Job artifacts', (0,upload_summary/* link */.nf)(`${job}${target.remotePath ? ` /${target.remotePath}` : ''}`, client.webUrl(`/tab/build/detail/${encodePath(job)}#tab-artifacts`))],
                ['Status', (0,upload_summary/* escapeHtml */.ZD)(status)],
                ...(urls.length === 1 ? [['File', (0,upload_summary/* link */.nf)(uploaded[0], urls[0])]] : [])
            ]
        });
        return urls;
    }
    finally {
        await client.close();
    }
}


/***/ })

};

//# sourceMappingURL=856.index.js.map