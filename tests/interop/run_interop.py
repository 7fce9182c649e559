#!/usr/bin/python3
"""Models cross between PyTorch and the explorer as safetensors files and compute the same things.

  run_interop.py EXE PROBE MNIST_DIR TORCH_VAE_PY

On 3,000 MNIST training and 500 test images, one epoch each:
  PyTorch -> here   scripts/torch_vae.py trains mlp:64 (ae), mlp:32,16 --cond and conv --cond; the
                    explorer's decodes of 16 fixed latent points and encoder means and
                    log-variances of 16 test images (interop_probe) equal PyTorch's to 1e-4; eval
                    takes each file (the AE's test loss equal to PyTorch's to 0.01 nats) and
                    train --load one; a run under torchrun (2 processes, gloo) writes names
                    without "module." and loads here
  here -> PyTorch   the explorer trains mlp:64 and conv --cond; `export` writes them; PyTorch loads
                    each with load_state_dict(strict=True) and decodes as the checkpoint does here
Exit status 77 (skipped) without torch.
"""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import torch
except ImportError:
    print("run_interop: no torch (python3-torch); skipped")
    sys.exit(77)

EXE, PROBE, MNIST, SCRIPT = sys.argv[1:5]
sys.path.insert(0, os.path.dirname(SCRIPT))
import torch_vae  # noqa: E402

TOLERANCE = 1e-4
failures = []


def run(*args, **kw):
    r = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit("FAIL: %s -> status %d\n%s%s" % (" ".join(map(str, args)), r.returncode, r.stdout, r.stderr))
    return r


def subset(src, dst, n_train, n_test):
    """The first images of each split as IDX files with their counts set to match."""
    os.makedirs(dst, exist_ok=True)
    for name, count, header, record in (("train-images-idx3-ubyte", n_train, 16, 784),
                                        ("train-labels-idx1-ubyte", n_train, 8, 1),
                                        ("t10k-images-idx3-ubyte", n_test, 16, 784),
                                        ("t10k-labels-idx1-ubyte", n_test, 8, 1)):
        with open(os.path.join(src, name), "rb") as f:
            head = f.read(header)
            body = f.read(count * record)
        with open(os.path.join(dst, name), "wb") as f:
            f.write(head[:4] + count.to_bytes(4, "big") + head[8:] + body)


def probe(model_path, z, zlabels, x, xlabels, work):
    """The explorer's (decoded, mu, logvar) for decode inputs (z, zlabels) and encode inputs (x, xlabels).
    The probe takes one label list for both, so it runs twice when they differ."""
    def once(labels):
        n = z.shape[0]
        blob = torch.cat([torch.tensor([float(n)]), labels.float(), z.flatten(), x.flatten()])
        path_in, path_out = os.path.join(work, "probe.in"), os.path.join(work, "probe.out")
        blob.numpy().astype("<f4").tofile(path_in)
        run(PROBE, model_path, path_in, path_out)
        out = torch.from_numpy(__import__("numpy").fromfile(path_out, dtype="<f4"))
        d, zd = x.shape[1], z.shape[1]
        return out[:n * d].reshape(n, d), out[n * d:n * d + n * zd].reshape(n, zd), out[n * d + n * zd:].reshape(n, zd)
    decoded, _, _ = once(zlabels)
    _, mu, logvar = once(xlabels)
    return decoded, mu, logvar


def torch_outputs(model, meta, z, zlabels, x, xlabels):
    classes = int(meta.get("classes", 10))
    cond = meta["cond"] == "1"
    onehot = (lambda y: torch.nn.functional.one_hot(y, classes).float()) if cond else (lambda y: None)
    model.eval()
    with torch.no_grad():
        decoded = torch.sigmoid(model.decode_logits(z, onehot(zlabels)))
        mu, logvar = model.encode(x, onehot(xlabels))
    return decoded, mu, logvar


def compare(what, ours, theirs):
    worst = max((a - b).abs().max().item() for a, b in zip(ours, theirs))
    status = "ok" if worst <= TOLERANCE else "FAIL"
    print("%-52s max |difference| %.2e  %s" % (what, worst, status))
    if worst > TOLERANCE:
        failures.append(what)


def fixed_inputs(meta, xte, yte):
    n, latent = 16, int(meta["latent"])
    z = torch.randn(n, latent, generator=torch.Generator().manual_seed(1234))
    zlabels = torch.arange(n) % 10
    return z, zlabels, xte[:n], yte[:n]


def main():
    work = tempfile.mkdtemp(prefix="lex_interop_")
    try:
        data = os.path.join(work, "mnist")
        subset(MNIST, data, 3000, 500)
        xte, yte, _ = torch_vae.load_split(data, "t10k")

        # ---- PyTorch -> here ----------------------------------------------------------------
        for arch, cond, mode in (("mlp:64", False, "ae"), ("mlp:32,16", True, "vae"), ("conv", True, "vae")):
            name = "%s%s" % (arch.replace(":", "_").replace(",", "_"), "_cond" if cond else "")
            path = os.path.join(work, name + ".safetensors")
            run(sys.executable, SCRIPT, "--data", data, "--arch", arch, "--latent", "2", "--epochs", "1",
                "--mode", mode, "--out", path, *(["--cond"] if cond else []), "--threads", "1")
            model, meta = torch_vae.load_model(path)
            inputs = fixed_inputs(meta, xte, yte)
            compare("PyTorch %s%s -> explorer: decodes, mu, logvar" % (arch, " --cond" if cond else ""),
                    probe(path, *inputs, work), torch_outputs(model, meta, *inputs))
            r = run(EXE, "eval", "--load", path, "--data", data, "--iw", "2", "--json")
            ours = json.loads(r.stdout)["test_loss"]
            theirs = float(meta["test_nelbo"])
            # The AE's test loss has no noise in it: the same number both sides. A VAE's is sampled
            # with other test noise here than there (over 500 images, a few nats apart after one
            # short epoch): it must only be a number.
            ok = abs(ours - theirs) < 1e-2 if mode == "ae" else math.isfinite(ours)
            print("%-52s eval %.3f, PyTorch %.3f  %s" % ("  test loss (%s) of %s" % (mode, name), ours, theirs,
                                                           "ok" if ok else "FAIL"))
            if not ok:
                failures.append("test loss of " + name)
        r = run(EXE, "train", "--load", os.path.join(work, "mlp_64.safetensors"), "--data", data, "--epochs", "1",
                "--seed", "5", "--save", os.path.join(work, "continued.ckpt"))
        line = r.stdout.splitlines()[0]
        ok = "a new run from the weights of" in line and "--seed 5" in line and "mode ae from the file" in line
        print("%-52s %s" % ("train --load F.safetensors says so", "ok" if ok else "FAIL: " + line))
        if not ok:
            failures.append("train --load message")

        # Data-parallel: two processes over gloo.
        path = os.path.join(work, "ddp.safetensors")
        # --redirects 1 --tee 1: Debian 12's torchrun (torch 1.13 on Python 3.11) fails on its default
        # "0" (the IntFlag Std.NONE no longer shows up when iterating the flags); README.md says so.
        run(shutil.which("torchrun") or "torchrun", "--standalone", "--nproc_per_node", "2", "--redirects", "1",
            "--tee", "1", SCRIPT, "--data", data,
            "--arch", "mlp:32", "--latent", "2", "--epochs", "1", "--train-images", "1000", "--out", path,
            "--threads", "1")
        names = list(torch_vae.read_safetensors(path)[0])
        run(EXE, "eval", "--load", path, "--data", data, "--iw", "2", "--json")
        ok = not any(n.startswith("module.") for n in names)
        print("%-52s %s" % ("torchrun, 2 processes: written and loaded here", "ok" if ok else "FAIL: " + str(names)))
        if not ok:
            failures.append("torchrun names")

        # ---- here -> PyTorch ----------------------------------------------------------------
        for arch, cond in (("mlp:64", False), ("conv", True)):
            name = "ours_%s%s" % (arch.replace(":", "_"), "_cond" if cond else "")
            ckpt, path = os.path.join(work, name + ".ckpt"), os.path.join(work, name + ".safetensors")
            run(EXE, "train", "--data", data, "--arch", arch, "--latent", "2", "--epochs", "1", "--save", ckpt,
                *(["--cond"] if cond else []))
            run(EXE, "export", "--load", ckpt, "--out", path)
            model, meta = torch_vae.load_model(path)  # load_state_dict(strict=True)
            inputs = fixed_inputs(meta, xte, yte)
            compare("explorer %s%s -> PyTorch (strict): decodes, mu, logvar" % (arch, " --cond" if cond else ""),
                    probe(ckpt, *inputs, work), torch_outputs(model, meta, *inputs))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("FAILED: " + ", ".join(failures))
        sys.exit(1)
    print("interop: all ok")


if __name__ == "__main__":
    main()
