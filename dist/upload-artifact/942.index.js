export const id = 942;
export const ids = [942];
export const modules = {

/***/ 5942:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   uploadToOctopus: () => (/* binding */ uploadToOctopus)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74296);
/* harmony import */ var _core_summary_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(71363);
/* harmony import */ var _octopus_connection_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(72431);
/* harmony import */ var _octopus_spaces_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9563);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(62241);
/* harmony import */ var _package_names_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(96852);
/* harmony import */ var _streamed_upload_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(79069);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(34177);
/* harmony import */ var _transfer_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(35794);
/* harmony import */ var _zip_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(23422);
/**
 * The `octopus` destination: packages in the space's built-in feed (`POST …/packages/raw?overwriteMode=`), on the
 * shared Octopus client. Either the matched files are package files named `<PackageId>.<Version>.<ext>` (each
 * uploaded as it is) or, with `package_id` + `package_version`, the files are packed on the fly into
 * `<package_id>.<package_version>.zip` (streamed, with fixed entry dates so a re-run packs identical bytes).
 *
 * Never a duplicate or a half-stored package: the body is rebuilt for every attempt; after an ambiguous failure
 * (lost answer, reset, 5xx) the feed is asked whether the package is there with the SHA-1 of the bytes sent
 * (Octopus reports a package's SHA-1 as `Hash`) before anything is sent again. On a re-run attempt
 * (GITHUB_RUN_ATTEMPT > 1) with FailIfExists, a package already in the feed with identical content is accepted.
 */











function plan(selection, target) {
    if (target.packageId && target.packageVersion) {
        const zip = (0,_zip_js__WEBPACK_IMPORTED_MODULE_8__/* .zipSource */ .lS)(selection.files, { compressionLevel: target.compressionLevel, fixedDate: _zip_js__WEBPACK_IMPORTED_MODULE_8__/* .REPRODUCIBLE_DATE */ .ql });
        return [
            {
                packageId: target.packageId,
                version: target.packageVersion,
                payload: {
                    open: zip.open,
                    inputFraction: zip.inputFraction,
                    fileName: `${target.packageId}.${target.packageVersion}.zip`,
                    contentType: 'application/zip'
                }
            }
        ];
    }
    const plans = [];
    const invalid = [];
    for (const f of selection.files) {
        const fileName = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(f.path);
        const parsed = (0,_package_names_js__WEBPACK_IMPORTED_MODULE_9__/* .parsePackageFileName */ .vb)(fileName);
        if (!parsed) {
            invalid.push(f.name);
            continue;
        }
        plans.push({
            packageId: parsed.packageId,
            version: parsed.version,
            payload: {
                open: () => (0,_streamed_upload_js__WEBPACK_IMPORTED_MODULE_6__/* .fileSource */ .I)(f.source),
                size: f.size,
                fileName,
                contentType: parsed.extension.toLowerCase() === '.zip' ? 'application/zip' : 'application/octet-stream'
            }
        });
    }
    if (invalid.length)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`${invalid.length} matched file${invalid.length > 1 ? 's are' : ' is'} not named like an Octopus package (<PackageId>.<Version>.<ext>, ext one of ${_package_names_js__WEBPACK_IMPORTED_MODULE_9__/* .PACKAGE_EXTENSIONS */ .W7.join(' ')}): ${invalid
            .slice(0, 10)
            .join(', ')}${invalid.length > 10 ? ', …' : ''}. Narrow 'path' to the package files, or set package_id and package_version to pack the matched files into one zip package.`);
    const seen = new Map();
    for (const p of plans) {
        const key = `${p.packageId.toLowerCase()}@${p.version}`;
        if (seen.has(key))
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Two matched files are the same package ${p.packageId} ${p.version}: ${seen.get(key)} and ${p.payload.fileName}. Upload one of them.`);
        seen.set(key, p.payload.fileName);
    }
    return plans;
}
async function findPackage(client, space, p) {
    return client.find((0,_octopus_spaces_js__WEBPACK_IMPORTED_MODULE_4__/* .spaceLink */ .t)(space, 'Packages'), { id: `packages-${p.packageId}.${p.version}` });
}
function feedLink(client, space, packageId) {
    return client.webUrl(`${space.Id}/library/builtinrepository/versions/${encodeURIComponent(packageId)}`);
}
const sameHash = (a, b) => !!a && !!b && a.toLowerCase() === b.toLowerCase();
async function pushPackage(ctx, client, space, p, target, options) {
    const name = p.payload.fileName;
    const base = { id: p.packageId, version: p.version, feed_link: feedLink(client, space, p.packageId) };
    const rerun = Number(ctx.env.GITHUB_RUN_ATTEMPT ?? '1') > 1;
    if (rerun && target.overwriteMode === 'FailIfExists') {
        const existing = await findPackage(client, space, p);
        if (existing) {
            const local = await (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .digestStream */ .N)(p.payload.open());
            if (sameHash(existing.Hash, local.sha1)) {
                ctx.logger.info(`${p.packageId} ${p.version} is already in the feed with identical content (SHA-1 ${local.sha1}); this is re-run attempt ${ctx.env.GITHUB_RUN_ATTEMPT}, so it is not uploaded again`);
                return { ...base, size: local.size, sha256: local.sha256, status: 'unchanged' };
            }
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Package ${p.packageId} ${p.version} is already in the Octopus feed with different content (SHA-1 ${existing.Hash ?? 'unknown'}, this build ${local.sha1}): this re-run built different bytes. Give the package a new version, or set overwrite_mode: OverwriteExisting to replace it.`);
        }
    }
    const upload = new _streamed_upload_js__WEBPACK_IMPORTED_MODULE_6__/* .StreamedUpload */ .T(p.payload, {
        field: 'fileToUpload',
        logger: ctx.logger,
        label: `Uploading ${name}`,
        progressIntervalMs: options.progressIntervalMs
    });
    ctx.logger.info(`Uploading ${name}${p.payload.size !== undefined ? ` (${(0,_core_summary_js__WEBPACK_IMPORTED_MODULE_2__/* .humanBytes */ .p6)(p.payload.size)})` : ''} to the built-in feed of space '${space.Name}' (overwrite mode ${target.overwriteMode})`);
    let response;
    try {
        response = await client.request({
            method: 'POST',
            path: client.url((0,_octopus_spaces_js__WEBPACK_IMPORTED_MODULE_4__/* .spaceLink */ .t)(space, 'PackageUpload'), { overwriteMode: target.overwriteMode }),
            headers: upload.headers(),
            body: upload.body,
            timeoutMs: _transfer_js__WEBPACK_IMPORTED_MODULE_10__/* .UPLOAD_CEILING_MS */ .n,
            responseType: 'json',
            reconcile: async () => {
                if (!upload.last.complete)
                    return undefined;
                const found = await findPackage(client, space, p);
                return found && sameHash(found.Hash, upload.last.sha1) ? found : undefined;
            }
        });
    }
    catch (err) {
        // 409 Conflict since Octopus 3.4 (OctopusDeploy/Issues #2419); older servers answered 400.
        if (err instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ApiError */ .hD && (err.status === 409 || err.status === 400) && /already exists/i.test(err.serverMessage))
            throw err.withHint(`Package ${p.packageId} ${p.version} is already in the feed. Packages are immutable by default: give this build a new version, or set overwrite_mode to OverwriteExisting (replace it) or IgnoreIfExists (keep the existing one).`);
        throw err;
    }
    const sent = upload.last;
    if (!sent.complete || !sent.sha256)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The upload of ${name} ended before the whole file was sent; nothing is reported as uploaded.`);
    const stored = response.data;
    if (response.reconciled)
        ctx.logger.info(`${name}: the answer was lost, but the feed holds the package with the SHA-1 of the bytes sent, so the upload succeeded`);
    if (!stored?.Hash)
        ctx.logger.debug(`Octopus reported no hash for ${name}; the upload is confirmed by its answer only`);
    else if (!sameHash(stored.Hash, sent.sha1)) {
        if (target.overwriteMode === 'IgnoreIfExists') {
            ctx.logger.warning(`${p.packageId} ${p.version} was already in the feed with different content (SHA-1 ${stored.Hash}); it was kept because overwrite_mode is IgnoreIfExists`);
            return { ...base, size: stored.PackageSizeBytes ?? sent.bytes, sha256: '', status: 'kept-existing' };
        }
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Octopus answered for ${name} with SHA-1 ${stored.Hash}, but the bytes sent have SHA-1 ${sent.sha1}: the stored package is not the one uploaded. Upload it again.`);
    }
    ctx.logger.info(`Uploaded ${p.packageId} ${p.version} (${(0,_core_summary_js__WEBPACK_IMPORTED_MODULE_2__/* .humanBytes */ .p6)(sent.bytes)}, SHA-256 ${sent.sha256})`);
    return { ...base, size: sent.bytes, sha256: sent.sha256, status: 'uploaded' };
}
async function uploadToOctopus(ctx, selection, target, options) {
    const plans = plan(selection, target);
    const { client, space } = await (0,_octopus_connection_js__WEBPACK_IMPORTED_MODULE_3__/* .connectOctopus */ .g)(target.connection, {
        logger: ctx.logger,
        secrets: ctx.secrets,
        env: ctx.env,
        action: 'upload-artifact',
        timeoutMs: options.http.timeoutMs,
        sleep: options.http.sleep
    });
    const results = [];
    try {
        for (const p of plans)
            results.push(await pushPackage(ctx, client, space, p, target, options));
    }
    finally {
        ctx.setOutput('packages', JSON.stringify(results));
        await client.close();
    }
    await (0,_summary_js__WEBPACK_IMPORTED_MODULE_7__/* .writeUploadSummary */ .Jn)(ctx.summary, selection, {
        title: `${results.length} package${results.length === 1 ? '' : 's'} to the Octopus built-in feed`,
        rows: [
            ['Space', (0,_summary_js__WEBPACK_IMPORTED_MODULE_7__/* .escapeHtml */ .ZD)(space.Name)],
            ...results.map((r) => [`${r.id} ${r.version}`, `${(0,_summary_js__WEBPACK_IMPORTED_MODULE_7__/* .link */ .nf)(r.status, r.feed_link)} · ${(0,_summary_js__WEBPACK_IMPORTED_MODULE_7__/* .escapeHtml */ .ZD)((0,_core_summary_js__WEBPACK_IMPORTED_MODULE_2__/* .humanBytes */ .p6)(r.size))}${r.sha256 ? ` · SHA-256 <code>${r.sha256}</code>` : ''}`])
        ]
    });
    return results;
}


/***/ })

};

//# sourceMappingURL=942.index.js.map