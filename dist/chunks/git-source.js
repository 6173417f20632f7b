const { spawn } = globalThis.process.getBuiltinModule("node:child_process");
import { k as runGitBytes, G as GitError, U as UnsafeFileError, l as gitEnv, m as reasonOf, o as resolveRef } from './engine.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/**
 * Reading the files of a commit from git objects, without a checkout (the base side of a
 * comparison): one long-lived `git cat-file --batch` per source.
 *
 * The files are the pull request author's: a symlink is followed only while it stays inside
 * the commit's tree (git's own --follow-symlinks does the resolving), and one that leaves it is
 * refused, never read as the file \u2014 the same rule the work tree source applies on disk.
 */
/** Headers that carry a body of `size` bytes (then a newline). */
const OBJECT_HEADER = /^[0-9a-f]{40,64} (\S+) (\d+)$/;
const SYMLINK_HEADER = /^(symlink|dangling|loop|notdir) (\d+)$/;
/** Turns repository-relative input (`./a/b`, `a/b/`) into the form git trees use (`a/b`). */
function treePath(path) {
    return path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}
/**
 * One `git cat-file --batch --follow-symlinks -z`: requests are NUL-terminated (so a path may
 * hold a newline) and answered in order, so reads pipeline through one process instead of a
 * spawn per file.
 */
class CatFileBatch {
    repoDir;
    child;
    pending = [];
    chunks = [];
    buffered = 0;
    /** Set once a header is read and its body has not fully arrived yet. */
    expected;
    failure;
    stderr = '';
    constructor(repoDir) {
        this.repoDir = repoDir;
    }
    read(objectName) {
        if (this.failure)
            return Promise.reject(this.failure);
        const request = Buffer.from(objectName, 'utf8');
        return new Promise((resolve, reject) => {
            this.pending.push({ request, resolve, reject });
            this.start().stdin.write(Buffer.concat([request, Buffer.from([0])]));
        });
    }
    close() {
        this.failure ??= new GitError('git cat-file: the source was closed');
        // End of input makes git answer what is queued, then exit.
        this.child?.stdin.end();
    }
    start() {
        if (this.child)
            return this.child;
        const args = ['cat-file', '--batch', '--follow-symlinks', '-z'];
        const child = spawn('git', args, { cwd: this.repoDir, env: gitEnv(), stdio: 'pipe' });
        child.stdout.on('data', (chunk) => this.onData(chunk));
        child.stderr.on('data', (chunk) => (this.stderr += chunk.toString('utf8')));
        child.stdin.on('error', () => undefined); // reported by 'close' below, with git's reason
        child.on('error', (error) => this.fail(new GitError(`git cat-file: cannot run git: ${error.message}`)));
        child.on('close', (code) => {
            const reason = reasonOf(this.stderr) || `exited with ${code ?? 'a signal'}`;
            this.fail(new GitError(`git cat-file failed: ${reason}`, { exitCode: code ?? undefined, stderr: this.stderr }));
        });
        this.child = child;
        return child;
    }
    fail(error) {
        this.failure ??= error;
        for (const read of this.pending.splice(0))
            read.reject(error);
    }
    /** All buffered bytes as one Buffer (concatenated only when a header or a whole body is there). */
    joined() {
        if (this.chunks.length !== 1)
            this.chunks = [Buffer.concat(this.chunks)];
        return this.chunks[0];
    }
    consume(bytes) {
        const data = this.joined();
        this.chunks = [data.subarray(bytes)];
        this.buffered -= bytes;
        return data.subarray(0, bytes);
    }
    answer(answer) {
        this.pending.shift()?.resolve(answer);
    }
    onData(chunk) {
        this.chunks.push(chunk);
        this.buffered += chunk.length;
        for (;;) {
            if (!this.expected) {
                const header = this.readHeader();
                if (header === 'wait')
                    return;
                if (header === 'answered')
                    continue;
                this.expected = header;
            }
            // The body is followed by a newline.
            if (this.buffered < this.expected.size + 1)
                return;
            const body = Buffer.from(this.consume(this.expected.size + 1).subarray(0, this.expected.size));
            const { kind } = this.expected;
            this.expected = undefined;
            if (kind === 'blob')
                this.answer({ kind: 'blob', content: body });
            else if (kind === 'symlink')
                this.answer({ kind: 'outside' });
            else if (kind === 'loop')
                this.answer({ kind: 'loop' });
            else if (kind === 'dangling' || kind === 'notdir')
                this.answer({ kind: 'missing' });
            else
                this.answer({ kind: 'not-a-file' });
        }
    }
    /**
     * `<oid> <type> <size>` or `symlink|dangling|loop|notdir <size>` precede a body. Otherwise the
     * answer is `<request> missing` / `<request> ambiguous`, matched against the request itself
     * because the request (a path) may contain a newline. A request starts with `<commit>:`, so
     * it never looks like a header.
     */
    readHeader() {
        const data = this.joined();
        const eol = data.indexOf(0x0a);
        if (eol >= 0) {
            const line = data.toString('utf8', 0, eol);
            const match = OBJECT_HEADER.exec(line) ?? SYMLINK_HEADER.exec(line);
            if (match) {
                this.consume(eol + 1);
                return { kind: match[1], size: Number(match[2]) };
            }
        }
        const request = this.pending[0]?.request;
        if (!request)
            return 'wait';
        for (const suffix of [' missing\n', ' ambiguous\n']) {
            const expected = Buffer.concat([request, Buffer.from(suffix)]);
            if (data.length >= expected.length && data.subarray(0, expected.length).equals(expected)) {
                this.consume(expected.length);
                this.answer({ kind: 'missing' });
                return 'answered';
            }
        }
        return 'wait';
    }
}
/**
 * The files of a commit, read from git objects without a checkout (the base side of a
 * comparison). `ref` is resolved to a commit once, on first use, so every read sees the same
 * commit. Call close() when done: it ends the `git cat-file` process.
 */
function createGitSource(repoDir, ref) {
    let commit;
    const resolveCommit = () => (commit ??= resolveRef(repoDir, ref));
    const batch = new CatFileBatch(repoDir);
    // Reads started before close() still get answers: they may be waiting for the commit id.
    let closed = false;
    let active = 0;
    return {
        async read(path) {
            if (closed)
                throw new GitError('git cat-file: the source was closed');
            const name = treePath(path);
            if (name === '' || name.includes('\0'))
                return undefined;
            active++;
            let answer;
            try {
                answer = await batch.read(`${await resolveCommit()}:${name}`);
            }
            finally {
                if (--active === 0 && closed)
                    batch.close();
            }
            if (answer.kind === 'outside')
                throw new UnsafeFileError(path, 'symlink-outside');
            if (answer.kind === 'loop')
                throw new UnsafeFileError(path, 'symlink-loop');
            return answer.kind === 'blob' ? answer.content : undefined;
        },
        async list(dir) {
            const name = treePath(dir) === '.' ? '' : treePath(dir);
            const output = await runGitBytes(repoDir, [
                'ls-tree',
                '-r',
                '-z',
                '--full-tree',
                await resolveCommit(),
                '--',
                ...(name ? [name] : []),
            ]);
            // Entries are `<mode> <type> <sha>\t<path>`; submodules (type commit) are not files.
            // Symlinks (mode 120000) are listed: reading one says whether it stays inside the tree.
            return output
                .toString('utf8')
                .split('\0')
                .filter((entry) => entry.split(' ', 2)[1] === 'blob')
                .map((entry) => entry.slice(entry.indexOf('\t') + 1));
        },
        close() {
            closed = true;
            if (active === 0)
                batch.close();
        },
    };
}

export { createGitSource };
