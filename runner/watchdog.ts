const parent = process.ppid;

function parentGone(): boolean {
    if (process.ppid !== parent) {
        return true;
    }
    try {
        process.kill(parent, 0);
        return false;
    } catch {
        return true;
    }
}

setInterval(() => {
    if (parentGone()) {
        process.exit(1);
    }
}, 1000).unref();
