export const id = 179;
export const ids = [179];
export const modules = {

/***/ 62241:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ digestStream)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/** SHA-256 and SHA-1 of a stream (read once, never held in memory). */

async function digestStream(stream) {
    const sha256 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    const sha1 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1');
    let size = 0;
    for await (const chunk of stream) {
        const buf = chunk;
        sha256.update(buf);
        sha1.update(buf);
        size += buf.length;
    }
    return { sha256: sha256.digest('hex'), sha1: sha1.digest('hex'), size };
}


/***/ }),

/***/ 79069:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  T: () => (/* binding */ StreamedUpload),
  I: () => (/* binding */ fileSource)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./src/core/summary.ts
var summary = __webpack_require__(71363);
;// CONCATENATED MODULE: ./src/upload/progress.ts

class ProgressMeter {
    opts;
    bytes = 0;
    started;
    lastLog;
    now;
    constructor(opts) {
        this.opts = opts;
        this.now = opts.now ?? Date.now;
        this.started = this.now();
        this.lastLog = this.started;
    }
    get sent() {
        return this.bytes;
    }
    add(n) {
        this.bytes += n;
        const t = this.now();
        if (t - this.lastLog >= this.opts.intervalMs) {
            this.lastLog = t;
            this.opts.logger.info(`${this.opts.label}: ${this.describe(t)}`);
        }
    }
    /** The closing line, logged only when progress lines were printed (the upload was long). */
    finish() {
        const t = this.now();
        if (this.lastLog !== this.started)
            this.opts.logger.info(`${this.opts.label}: sent ${(0,summary/* humanBytes */.p6)(this.bytes)} in ${(0,summary/* humanDuration */.UU)(t - this.started)} (${this.rate(t)})`);
    }
    rate(t) {
        const seconds = Math.max((t - this.started) / 1000, 0.001);
        return `${(0,summary/* humanBytes */.p6)(Math.round(this.bytes / seconds))}/s`;
    }
    describe(t) {
        const total = this.opts.totalBytes;
        const fraction = total ? undefined : this.opts.inputFraction?.();
        const part = total
            ? ` of ${(0,summary/* humanBytes */.p6)(total)} (${percent(this.bytes / total)}%)`
            : fraction !== undefined
                ? ` (${percent(fraction)}% of the files read)`
                : '';
        return `${(0,summary/* humanBytes */.p6)(this.bytes)}${part} at ${this.rate(t)}`;
    }
}
const percent = (fraction) => Math.max(0, Math.min(100, Math.floor(fraction * 100)));

;// CONCATENATED MODULE: ./src/upload/streamed-upload.ts
/**
 * A multipart/form-data request body with one file part, streamed from a source that is opened anew for every
 * attempt (a stream cannot be replayed), so the shared HttpClient can retry it. While it streams it:
 * - computes the SHA-256 and SHA-1 of the file part (what the servers store), to verify and reconcile uploads;
 * - logs progress at most once per interval.
 * Content-Length is sent when the size is known (files), else the body goes chunked (zips built on the fly).
 *
 * Stalls: undici's header timeout (300 s) starts when the request is sent and is refreshed by every chunk written
 * to the socket, so it is an idle timeout while the body goes out, and then bounds the wait for the answer. A
 * server that stops reading fails the attempt with UND_ERR_HEADERS_TIMEOUT, an ambiguous failure that the
 * HttpClient reconciles before any retry; a slow but moving upload of any size completes.
 */




/**
 * A file's bytes for an upload, read a megabyte at a time: with Node's default of 64 KiB, reading and hashing 512 MiB
 * took 2.6 s instead of 1.1-1.5 s (bench/README.md), time taken from sending.
 */
function fileSource(path) {
    return (0,external_node_fs_.createReadStream)(path, { highWaterMark: 1024 * 1024 });
}
/** A file name for a Content-Disposition header (quotes and line breaks percent-encoded, as browsers do). */
function quoted(value) {
    return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}
class StreamedUpload {
    payload;
    opts;
    boundary = `----deployment-action-suite-${(0,external_node_crypto_.randomBytes)(12).toString('hex')}`;
    attempts = 0;
    last = { bytes: 0, complete: false };
    prefix;
    suffix;
    constructor(payload, opts) {
        this.payload = payload;
        this.opts = opts;
        this.prefix = Buffer.from(`--${this.boundary}\r\nContent-Disposition: form-data; name="${quoted(opts.field)}"; filename="${quoted(payload.fileName)}"\r\nContent-Type: ${payload.contentType}\r\n\r\n`);
        this.suffix = Buffer.from(`\r\n--${this.boundary}--\r\n`);
    }
    headers() {
        const h = { 'Content-Type': `multipart/form-data; boundary=${this.boundary}` };
        if (this.payload.size !== undefined)
            h['Content-Length'] = String(this.prefix.length + this.payload.size + this.suffix.length);
        return h;
    }
    /** The body factory handed to HttpClient (`body: upload.body`). */
    body = () => {
        this.attempts++;
        const state = { bytes: 0, complete: false };
        this.last = state;
        const meter = new ProgressMeter({
            logger: this.opts.logger,
            label: this.opts.label,
            totalBytes: this.payload.size,
            inputFraction: this.payload.inputFraction,
            intervalMs: this.opts.progressIntervalMs,
            now: this.opts.now
        });
        const { prefix, suffix, payload } = this;
        // The source is opened when the body is first read, so an attempt that never sends holds no file open.
        async function* frames() {
            const source = payload.open();
            const sha256 = (0,external_node_crypto_.createHash)('sha256');
            const sha1 = (0,external_node_crypto_.createHash)('sha1');
            try {
                yield prefix;
                for await (const chunk of source) {
                    const buf = chunk;
                    sha256.update(buf);
                    sha1.update(buf);
                    state.bytes += buf.length;
                    meter.add(buf.length);
                    yield buf;
                }
                state.sha256 = sha256.digest('hex');
                state.sha1 = sha1.digest('hex');
                state.complete = true;
                meter.finish();
                yield suffix;
            }
            finally {
                source.destroy();
            }
        }
        return external_node_stream_.Readable.from(frames(), { objectMode: false, highWaterMark: 256 * 1024 });
    };
}


/***/ }),

/***/ 35794:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ UPLOAD_CEILING_MS)
/* harmony export */ });
/**
 * The per-attempt ceiling of an upload request. Stalls are caught by undici's header timeout (300 s without a chunk
 * written, then 300 s for the answer; see streamed-upload.ts), so this only bounds a pathological trickle.
 */
const UPLOAD_CEILING_MS = 24 * 60 * 60 * 1000;


/***/ }),

/***/ 23422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lS: () => (/* binding */ zipSource),
/* harmony export */   ql: () => (/* binding */ REPRODUCIBLE_DATE)
/* harmony export */ });
/* unused harmony exports SMALL_FILE_BYTES, dosDateTime, zipChunks */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(38522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_4__);
/**
 * A streaming zip writer for uploads: the archive is produced as it is read (never the whole of it in memory), one
 * file after another, small files gathered into pieces of about a megabyte. What it
 * keeps per file is the central directory record (about 50 bytes plus the name), so memory stays flat whatever the
 * number of files; archiver kept an entry object, a queued task and a stream per file (285 MiB for 10,000 files,
 * see bench/README.md).
 *
 * - Entries come in the order given, with UTF-8 names, the file's permission bits, and the file's modification time
 *   or `fixedDate` (then the same files always give the same bytes: a package rebuilt on a re-run is identical).
 * - Level 0 stores. A stored entry carries its CRC-32 and sizes in its local header (no data descriptor), which
 *   every reader accepts, Java's `ZipInputStream` included (it refuses stored entries with a data descriptor).
 *   Files up to `SMALL_FILE_BYTES` are read once; larger ones are read twice (the CRC first, then the data).
 * - Levels 1-9 deflate. A small file is compressed whole and stored instead when that is not smaller; a large one is
 *   deflated as a stream, followed by a data descriptor.
 * - ZIP64 records are added when sizes, offsets or the entry count need them.
 * - A file that disappears, cannot be read, or changes size or content while it is zipped fails the stream: an
 *   incomplete or inconsistent zip is never sent as if it were complete.
 */





/** The timestamp of every entry in reproducible zips. */
const REPRODUCIBLE_DATE = new Date('2000-01-01T00:00:00Z');
/** Files up to this size are read in one piece (and stored entries need a single read). */
const SMALL_FILE_BYTES = 1024 * 1024;
/** Chunk size for large files. */
const CHUNK_BYTES = 1024 * 1024;
/** Size of a central directory page (about 10,000 records of 50-byte names). */
const DIRECTORY_PAGE_BYTES = 1024 * 1024;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const VERSION_MADE_BY = (3 << 8) | 45; // Unix, ZIP 4.5
const S_IFREG = 0o100000;
const deflateRawAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_4__.promisify)(node_zlib__WEBPACK_IMPORTED_MODULE_3__.deflateRaw);
/** MS-DOS date and time (UTC fields, as archiver wrote them), clamped to the range the format can hold. */
function dosDateTime(d) {
    const year = d.getUTCFullYear();
    if (year < 1980)
        return { date: (1 << 5) | 1, time: 0 };
    if (year > 2107)
        return { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 };
    return {
        date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
        time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2)
    };
}
function localHeader(w, zip64) {
    const extra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (zip64) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(16, 2);
        extra.writeBigUInt64LE(BigInt(w.size), 4);
        extra.writeBigUInt64LE(BigInt(w.compressed), 12);
    }
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(w.version, 4);
    h.writeUInt16LE(w.flags, 6);
    h.writeUInt16LE(w.method, 8);
    h.writeUInt16LE(w.date.time, 10);
    h.writeUInt16LE(w.date.date, 12);
    const descriptor = (w.flags & FLAG_DESCRIPTOR) !== 0;
    h.writeUInt32LE(descriptor ? 0 : w.crc, 14);
    h.writeUInt32LE(descriptor ? 0 : zip64 ? MAX32 : w.compressed, 18);
    h.writeUInt32LE(descriptor ? 0 : zip64 ? MAX32 : w.size, 22);
    h.writeUInt16LE(w.name.length, 26);
    h.writeUInt16LE(extra.length, 28);
    return Buffer.concat([h, w.name, extra]);
}
function dataDescriptor(w, zip64) {
    const d = Buffer.alloc(zip64 ? 24 : 16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(w.crc, 4);
    if (zip64) {
        d.writeBigUInt64LE(BigInt(w.compressed), 8);
        d.writeBigUInt64LE(BigInt(w.size), 16);
    }
    else {
        d.writeUInt32LE(w.compressed, 8);
        d.writeUInt32LE(w.size, 12);
    }
    return d;
}
/**
 * The central directory, kept as packed records in pages of its own. Not one small Buffer per record: Node hands
 * out small Buffers as slices of a shared 64 KiB slab (Node 24), so one retained record would keep the slab alive,
 * with the file contents read into the rest of it (10,000 small files kept 300 MiB alive that way).
 */
class CentralDirectory {
    /** Filled pages, each cut to what it holds, and the page being filled. */
    full = [];
    page = Buffer.alloc(0);
    used = 0;
    count = 0;
    bytes = 0;
    add(w) {
        const big = [w.size >= MAX32, w.compressed >= MAX32, w.offset >= MAX32];
        const extraFields = [w.size, w.compressed, w.offset].filter((_, i) => big[i]);
        const extraLength = extraFields.length ? 4 + 8 * extraFields.length : 0;
        const length = 46 + w.name.length + extraLength;
        if (this.used + length > this.page.length) {
            if (this.used)
                this.full.push(this.page.subarray(0, this.used));
            this.page = Buffer.allocUnsafeSlow(Math.max(DIRECTORY_PAGE_BYTES, length));
            this.used = 0;
        }
        const h = this.page.subarray(this.used, this.used + length);
        h.writeUInt32LE(0x02014b50, 0);
        h.writeUInt16LE(VERSION_MADE_BY, 4);
        h.writeUInt16LE(extraFields.length ? 45 : w.version, 6);
        h.writeUInt16LE(w.flags, 8);
        h.writeUInt16LE(w.method, 10);
        h.writeUInt16LE(w.date.time, 12);
        h.writeUInt16LE(w.date.date, 14);
        h.writeUInt32LE(w.crc, 16);
        h.writeUInt32LE(big[1] ? MAX32 : w.compressed, 20);
        h.writeUInt32LE(big[0] ? MAX32 : w.size, 24);
        h.writeUInt16LE(w.name.length, 28);
        h.writeUInt16LE(extraLength, 30);
        h.writeUInt32LE(0, 32); // comment length, disk number
        h.writeUInt16LE(0, 36); // internal attributes
        h.writeUInt32LE(((S_IFREG | (w.mode & 0o7777)) << 16) >>> 0, 38);
        h.writeUInt32LE(big[2] ? MAX32 : w.offset, 42);
        w.name.copy(h, 46);
        if (extraFields.length) {
            const at = 46 + w.name.length;
            h.writeUInt16LE(0x0001, at);
            h.writeUInt16LE(8 * extraFields.length, at + 2);
            extraFields.forEach((v, i) => h.writeBigUInt64LE(BigInt(v), at + 4 + 8 * i));
        }
        this.used += length;
        this.count++;
        this.bytes += length;
    }
    /** The records, page by page. */
    *chunks() {
        yield* this.full;
        if (this.used)
            yield this.page.subarray(0, this.used);
    }
}
function endOfCentralDirectory(count, cdOffset, cdSize) {
    const parts = [];
    const zip64 = count >= MAX16 || cdOffset >= MAX32 || cdSize >= MAX32;
    if (zip64) {
        const rec = Buffer.alloc(56);
        rec.writeUInt32LE(0x06064b50, 0);
        rec.writeBigUInt64LE(44n, 4);
        rec.writeUInt16LE(VERSION_MADE_BY, 12);
        rec.writeUInt16LE(45, 14);
        rec.writeBigUInt64LE(BigInt(count), 24);
        rec.writeBigUInt64LE(BigInt(count), 32);
        rec.writeBigUInt64LE(BigInt(cdSize), 40);
        rec.writeBigUInt64LE(BigInt(cdOffset), 48);
        const loc = Buffer.alloc(20);
        loc.writeUInt32LE(0x07064b50, 0);
        loc.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8);
        loc.writeUInt32LE(1, 16);
        parts.push(rec, loc);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, MAX16), 8);
    end.writeUInt16LE(Math.min(count, MAX16), 10);
    end.writeUInt32LE(Math.min(cdSize, MAX32), 12);
    end.writeUInt32LE(Math.min(cdOffset, MAX32), 16);
    parts.push(end);
    return Buffer.concat(parts);
}
class ChangedError extends Error {
    constructor(entry, what) {
        super(`${entry.source} ${what} while it was being zipped; the upload was stopped so that an inconsistent archive is not sent`);
        this.name = 'ChangedError';
    }
}
/**
 * Opens a file, checks it is a regular file, and reads it whole when it is small. Synchronously: a small file costs
 * four system calls, and going through the thread pool for each made the zip of 10,000 small files twice as slow
 * (45 against 107 µs a file, or 57 with 32 files in flight; the writer yields about every megabyte, so the upload
 * is not held up longer than a few milliseconds at a time).
 */
function load(entry) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(entry.source, 'r');
    try {
        const info = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!info.isFile())
            throw new Error(`${entry.source} is not a regular file`);
        const base = { entry, size: info.size, mode: info.mode, mtime: info.mtime };
        if (info.size > SMALL_FILE_BYTES)
            return base;
        // Not from the shared pool (see CentralDirectory): the content must be freed as soon as it is sent.
        const data = Buffer.allocUnsafeSlow(info.size);
        let got = 0;
        for (let n = -1; got < info.size && n !== 0; got += n)
            n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, data, got, info.size - got, null);
        if (got !== info.size || (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, Buffer.alloc(1), 0, 1, null) !== 0)
            throw new ChangedError(entry, 'changed size');
        return { ...base, data };
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/** Reads a large file in chunks, counting and checksumming what it yields. */
async function* chunks(entry, state) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(entry.source, 'r');
    try {
        for (;;) {
            const buf = Buffer.allocUnsafe(CHUNK_BYTES);
            const { bytesRead } = await handle.read(buf, 0, CHUNK_BYTES, null);
            if (!bytesRead)
                return;
            const chunk = bytesRead === CHUNK_BYTES ? buf : buf.subarray(0, bytesRead);
            state.crc = (0,node_zlib__WEBPACK_IMPORTED_MODULE_3__.crc32)(chunk, state.crc);
            state.bytes += bytesRead;
            yield chunk;
        }
    }
    finally {
        await handle.close();
    }
}
/** The zip of `files` as a sequence of buffers; `onRead` is told how many input bytes have been read so far. */
async function* zipChunks(files, opts, onRead = () => undefined) {
    const level = opts.compressionLevel;
    const central = new CentralDirectory();
    let offset = 0;
    let read = 0;
    // Small entries are gathered into pieces of about a megabyte: one chunk per small file made the stream's own
    // overhead the bottleneck with tens of thousands of files.
    let batch = [];
    let batched = 0;
    const emit = (b) => {
        offset += b.length;
        return b;
    };
    const add = (b) => {
        offset += b.length;
        batch.push(b);
        batched += b.length;
    };
    const flush = () => {
        const out = batch.length === 1 ? batch[0] : Buffer.concat(batch, batched);
        batch = [];
        batched = 0;
        return out;
    };
    for (const entry of files) {
        const file = load(entry);
        const name = Buffer.from(file.entry.name, 'utf8');
        const date = dosDateTime(opts.fixedDate ?? file.mtime);
        const base = { name, date, mode: file.mode, offset };
        let w;
        if (file.data) {
            const crc = (0,node_zlib__WEBPACK_IMPORTED_MODULE_3__.crc32)(file.data);
            let body = file.data;
            let method = 0;
            if (level > 0 && file.data.length) {
                const deflated = await deflateRawAsync(file.data, { level });
                if (deflated.length < file.data.length) {
                    body = deflated;
                    method = 8;
                }
            }
            w = { ...base, flags: FLAG_UTF8, method, version: method ? 20 : 10, crc, compressed: body.length, size: file.data.length };
            add(localHeader(w, false));
            if (body.length)
                add(body);
            read += file.data.length;
            onRead(read);
            if (batched >= CHUNK_BYTES)
                yield flush();
        }
        else if (level === 0) {
            if (batched)
                yield flush();
            // Stored: the CRC goes in the local header, so the file is read twice (its size and CRC must not change).
            const first = { crc: 0, bytes: 0 };
            for await (const c of chunks(file.entry, first)) {
                void c;
            }
            if (first.bytes !== file.size)
                throw new ChangedError(file.entry, `changed size (${file.size} bytes, then ${first.bytes})`);
            const zip64 = file.size >= MAX32;
            w = { ...base, flags: FLAG_UTF8, method: 0, version: zip64 ? 45 : 10, crc: first.crc, compressed: file.size, size: file.size };
            yield emit(localHeader(w, zip64));
            const second = { crc: 0, bytes: 0 };
            for await (const c of chunks(file.entry, second)) {
                if (second.bytes > file.size)
                    throw new ChangedError(file.entry, 'grew');
                read += c.length;
                onRead(read);
                yield emit(c);
            }
            if (second.bytes !== file.size || second.crc !== first.crc)
                throw new ChangedError(file.entry, 'changed');
        }
        else {
            if (batched)
                yield flush();
            // Deflated as a stream: sizes and CRC follow in a data descriptor.
            const zip64 = file.size >= MAX32 - 0x10000;
            w = { ...base, flags: FLAG_UTF8 | FLAG_DESCRIPTOR, method: 8, version: zip64 ? 45 : 20, crc: 0, compressed: 0, size: 0 };
            yield emit(localHeader(w, zip64));
            const state = { crc: 0, bytes: 0 };
            const deflate = (0,node_zlib__WEBPACK_IMPORTED_MODULE_3__.createDeflateRaw)({ level, chunkSize: 256 * 1024, finishFlush: node_zlib__WEBPACK_IMPORTED_MODULE_3__.constants.Z_FINISH });
            const source = node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.from(chunks(file.entry, state), { objectMode: false, highWaterMark: CHUNK_BYTES });
            source.on('error', (err) => deflate.destroy(err));
            source.pipe(deflate);
            let compressed = 0;
            for await (const c of deflate) {
                const buf = c;
                compressed += buf.length;
                onRead(read + state.bytes);
                yield emit(buf);
            }
            read += state.bytes;
            w = { ...w, crc: state.crc, compressed, size: state.bytes };
            yield emit(dataDescriptor(w, zip64));
        }
        central.add(w);
    }
    if (batched)
        yield flush();
    const cdOffset = offset;
    for (const page of central.chunks())
        yield emit(page);
    yield emit(endOfCentralDirectory(central.count, cdOffset, central.bytes));
}
/** Opens a fresh zip of `files` on every `open()` (one per upload attempt); `inputFraction` follows the latest. */
function zipSource(files, opts) {
    const total = files.reduce((n, f) => n + f.size, 0);
    let read = 0;
    return {
        open() {
            read = 0;
            return node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.from(zipChunks(files, opts, (n) => (read = n)), { objectMode: false, highWaterMark: CHUNK_BYTES });
        },
        inputFraction: () => (total > 0 ? Math.min(1, read / total) : undefined)
    };
}


/***/ })

};

//# sourceMappingURL=179.index.js.map