#!/usr/bin/python3
"""latent-explorer's models, trained in PyTorch, saved as safetensors files the explorer loads.

For a model too big for one machine: train it here, on one CPU or data-parallel over several
processes (torchrun), then open the file in the explorer (`latent-explorer gui --load F`, `eval
--load F`, `train --load F` to go on training there). The other way, `latent-explorer export`
writes a file that load_model() below reads with load_state_dict(strict=True).

The architectures are core/model/architectures.hpp's, the tensor names and metadata
core/io/state_dict.hpp's (the README's "PyTorch interop" lists them):
  mlp:H          fc1, fc21 (mu), fc22 (log sigma^2), fc3, fc4: the names of
                 ../shared/bench/torch_vae_reference.py and of PyTorch's VAE example
  mlp:H1,...,Hn  enc.0 .. enc.n (the last: one head of 2Z rows, mu first), dec.0 .. dec.n
  conv           enc_conv1, enc_conv2, enc_fc (2Z rows), dec_fc, dec_deconv1..3
--cond appends the one-hot label after the pixels (mlp) or the flattened convolution features
(conv), and after z. Objective as the explorer's: Bernoulli likelihood on logits, analytic KL, the
loss averaged over the batch; modes ae (z = mu), vae, kl-only (the encoder gets the KL gradient
only, the decoder fits reconstruction from a z it cannot backpropagate through). Adam, PyTorch's
default initialisation, the training set shuffled each epoch, the last partial batch kept.

One CPU:
  /usr/bin/python3 scripts/torch_vae.py --data data/mnist --arch conv --latent 2 --epochs 10 --out conv.safetensors
Data-parallel, N processes (torch.distributed; each takes 1/N of every batch, DDP averages the
gradients, so a run is the same optimisation as on one process up to rounding):
  torchrun --standalone --nproc_per_node 2 --redirects 1 --tee 1 \
      scripts/torch_vae.py --data data/mnist --arch mlp:512,256 --out big.safetensors
  (--redirects 1 --tee 1: Debian 12's torchrun, torch 1.13 on Python 3.11, fails on its default 0)
  torchrun --nnodes 2 --node_rank R --master_addr HOST --nproc_per_node 8 scripts/torch_vae.py ... \\
      --backend nccl --device cuda        # GPUs (nccl: documented, tested with gloo only)
The backend defaults to gloo (CPUs). Rank 0 evaluates and writes the file, with the unwrapped
model's names (no "module." prefix).
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F
from torch import nn

FORMAT = "latent-explorer-vae"


# --------------------------------------------------------------------------------------- data --
def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        b = f.read()
    magic = struct.unpack(">I", b[:4])[0]
    if magic >> 8 != 0x08:
        raise SystemExit("%s: not an unsigned-byte IDX file" % path)
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, b[4:4 + 4 * ndim])
    data = bytearray(b[4 + 4 * ndim:])
    if len(data) != math.prod(dims):
        raise SystemExit("%s: %d bytes of data, the header says %d" % (path, len(data), math.prod(dims)))
    return torch.frombuffer(data, dtype=torch.uint8).reshape(dims)


def load_split(directory, prefix):
    """Images (N, C*H*W) in [0, 1] and labels (N,), and the shape (C, H, W)."""
    def find(stem):
        for name in (stem, stem + ".gz"):
            if os.path.exists(os.path.join(directory, name)):
                return os.path.join(directory, name)
        raise SystemExit("%s: no %s(.gz)" % (directory, stem))
    x = read_idx(find(prefix + "-images-idx3-ubyte"))
    y = read_idx(find(prefix + "-labels-idx1-ubyte")).long()
    shape = (1,) + tuple(x.shape[1:]) if x.dim() == 3 else tuple(x.shape[1:])
    return x.reshape(x.shape[0], -1).float().div_(255.0), y, shape


# ------------------------------------------------------------------------------------- models --
class MlpVAE(nn.Module):
    """mlp:H1,...,Hn: D -> H1 -> ... -> Hn -> 2Z and back (ReLU between layers)."""

    def __init__(self, pixels, hidden, latent, k):
        super().__init__()
        self.latent, self.single = latent, len(hidden) == 1
        if self.single:  # the reference's names
            h = hidden[0]
            self.fc1 = nn.Linear(pixels + k, h)
            self.fc21 = nn.Linear(h, latent)
            self.fc22 = nn.Linear(h, latent)
            self.fc3 = nn.Linear(latent + k, h)
            self.fc4 = nn.Linear(h, pixels)
        else:
            widths = [pixels + k] + list(hidden)
            self.enc = nn.ModuleList([nn.Linear(a, b) for a, b in zip(widths, widths[1:])] +
                                     [nn.Linear(hidden[-1], 2 * latent)])
            back = [latent + k] + list(reversed(hidden))
            self.dec = nn.ModuleList([nn.Linear(a, b) for a, b in zip(back, back[1:])] +
                                     [nn.Linear(hidden[0], pixels)])

    def forward(self, x, c, eps, mode):  # what DDP runs: the loss of a batch
        return loss_parts(self, x, c, eps, mode)

    def encode(self, x, c=None):
        h = x if c is None else torch.cat((x, c), 1)
        if self.single:
            h = F.relu(self.fc1(h))
            return self.fc21(h), self.fc22(h)
        for layer in self.enc[:-1]:
            h = F.relu(layer(h))
        return self.enc[-1](h).chunk(2, 1)

    def decode_logits(self, z, c=None):
        h = z if c is None else torch.cat((z, c), 1)
        layers = [self.fc3, self.fc4] if self.single else list(self.dec)
        for layer in layers[:-1]:
            h = F.relu(layer(h))
        return layers[-1](h)


class ConvVAE(nn.Module):
    """The TensorFlow CVAE tutorial's model in PyTorch's layout, for C x H x W images (H, W multiples of 4)."""

    def __init__(self, shape, latent, k):
        super().__init__()
        c, h, w = shape
        self.shape = shape
        h2, w2 = ((h - 3) // 2 + 1 - 3) // 2 + 1, ((w - 3) // 2 + 1 - 3) // 2 + 1
        self.start = (32, h // 4, w // 4)
        self.enc_conv1 = nn.Conv2d(c, 32, 3, stride=2)
        self.enc_conv2 = nn.Conv2d(32, 64, 3, stride=2)
        self.enc_fc = nn.Linear(64 * h2 * w2 + k, 2 * latent)
        self.dec_fc = nn.Linear(latent + k, 32 * (h // 4) * (w // 4))
        self.dec_deconv1 = nn.ConvTranspose2d(32, 64, 3, stride=2, padding=1, output_padding=1)
        self.dec_deconv2 = nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1)
        self.dec_deconv3 = nn.ConvTranspose2d(32, c, 3, stride=1, padding=1)

    def forward(self, x, c, eps, mode):
        return loss_parts(self, x, c, eps, mode)

    def encode(self, x, c=None):
        h = F.relu(self.enc_conv1(x.view(-1, *self.shape)))
        h = F.relu(self.enc_conv2(h)).flatten(1)
        if c is not None:
            h = torch.cat((h, c), 1)
        return self.enc_fc(h).chunk(2, 1)

    def decode_logits(self, z, c=None):
        h = z if c is None else torch.cat((z, c), 1)
        h = F.relu(self.dec_fc(h)).view(-1, *self.start)
        h = F.relu(self.dec_deconv1(h))
        h = F.relu(self.dec_deconv2(h))
        return self.dec_deconv3(h).flatten(1)


def build_model(arch, latent, shape, classes, cond):
    k = classes if cond else 0
    if arch == "conv":
        return ConvVAE(shape, latent, k)
    if not arch.startswith("mlp:"):
        raise SystemExit("--arch: '%s' is not mlp:H[,H...] or conv" % arch)
    return MlpVAE(math.prod(shape), [int(h) for h in arch[4:].split(",")], latent, k)


def loss_parts(model, x, c, eps, mode):
    """Summed over the batch: reconstruction (BCE on logits) and KL, and the loss to minimise."""
    mu, logvar = model.encode(x, c)
    if mode == "ae":
        z = mu
    else:
        z = mu + eps * torch.exp(0.5 * logvar)
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) if mode != "ae" else torch.zeros(())
    decoder_input = z.detach() if mode == "kl-only" else z  # kl-only: the encoder sees the KL only
    recon = F.binary_cross_entropy_with_logits(model.decode_logits(decoder_input, c), x, reduction="sum")
    return recon, kl, recon + kl


# ------------------------------------------------------------------------------- safetensors --
DTYPES = {"F32": (torch.float32, 4), "F16": (torch.float16, 2), "BF16": (torch.bfloat16, 2)}


def write_safetensors(path, tensors, metadata):
    """float32 tensors in the given order; the header padded with spaces to a multiple of 8."""
    header, blobs, at = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}}, [], 0
    for name, t in tensors.items():
        b = t.detach().to(torch.float32).contiguous().cpu().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp.%d" % os.getpid()
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def read_safetensors(path):
    """(tensors as float32, metadata); F16 and BF16 widened."""
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, info in header.items():
        dtype, _ = DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype) if end > begin else torch.zeros(0, dtype=dtype)
        tensors[name] = t.reshape(info["shape"]).float()
    return tensors, meta


def metadata_of(arch, latent, shape, classes, cond, mode):
    return {"format": FORMAT, "arch": "conv" if arch == "conv" else "mlp",
            "hidden": "0" if arch == "conv" else arch[4:], "latent": latent, "cond": int(cond), "mode": mode,
            "likelihood": "bernoulli", "input_shape": ",".join(map(str, shape)), "classes": classes,
            "decoder_trained": 1}


def load_model(path):
    """A file of the explorer's (or of this script) as a model: (model, metadata). strict: every name, every shape."""
    tensors, meta = read_safetensors(path)
    if meta.get("format") != FORMAT:
        raise SystemExit("%s: not a latent-explorer-vae file" % path)
    if meta.get("likelihood", "bernoulli") != "bernoulli":
        raise SystemExit("%s: this script trains the Bernoulli likelihood only" % path)
    arch = "conv" if meta["arch"] == "conv" else "mlp:" + meta["hidden"]
    shape = tuple(int(v) for v in meta["input_shape"].split(","))
    model = build_model(arch, int(meta["latent"]), shape, int(meta.get("classes", 10)), meta["cond"] == "1")
    model.load_state_dict(tensors, strict=True)
    return model, meta


# --------------------------------------------------------------------------------------- main --
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="folder of the four MNIST-format IDX files (raw or .gz)")
    ap.add_argument("--arch", default="mlp:400", help="mlp:H[,H...] or conv")
    ap.add_argument("--latent", type=int, default=2)
    ap.add_argument("--cond", action="store_true", help="class-conditional")
    ap.add_argument("--mode", choices=("ae", "vae", "kl-only"), default="vae")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch", type=int, default=128, help="global batch (split over the processes)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--train-images", type=int, default=0, help="use the first N training images (0: all)")
    ap.add_argument("--load", default="", help="start from the weights of this safetensors file")
    ap.add_argument("--out", required=True, help="the safetensors file to write (rank 0)")
    ap.add_argument("--backend", default="gloo", help="torch.distributed backend under torchrun: gloo (CPU) or nccl (GPU)")
    ap.add_argument("--device", default="cpu", help="cpu, or cuda (one GPU per process: LOCAL_RANK)")
    ap.add_argument("--threads", type=int, default=0, help="torch threads per process (0: torch's default)")
    a = ap.parse_args()

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = 0
    if world > 1:
        import torch.distributed as dist
        dist.init_process_group(backend=a.backend)
        rank = dist.get_rank()
    if a.threads:
        torch.set_num_threads(a.threads)
    device = torch.device(a.device if a.device == "cpu" else "cuda:%d" % int(os.environ.get("LOCAL_RANK", "0")))
    torch.manual_seed(a.seed)  # the same initial weights on every rank (DDP also broadcasts rank 0's)

    xtr, ytr, shape = load_split(a.data, "train")
    xte, yte, test_shape = load_split(a.data, "t10k")
    if shape != test_shape:
        raise SystemExit("%s: training images are %s, test images %s" % (a.data, shape, test_shape))
    if a.train_images:
        xtr, ytr = xtr[:a.train_images], ytr[:a.train_images]
    classes = int(max(ytr.max(), yte.max())) + 1
    onehot = (lambda y: F.one_hot(y, classes).float()) if a.cond else (lambda y: None)

    if a.load:
        model, meta = load_model(a.load)
        a.arch = "conv" if meta["arch"] == "conv" else "mlp:" + meta["hidden"]
        a.latent, a.cond = int(meta["latent"]), meta["cond"] == "1"
    else:
        model = build_model(a.arch, a.latent, shape, classes, a.cond)
    model.to(device)
    trained = model
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel
        # ae never uses the log sigma^2 outputs: fc22 gets no gradient at all.
        trained = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None,
                                          find_unused_parameters=a.mode == "ae")
    opt = torch.optim.Adam(trained.parameters(), lr=a.lr)
    shuffle = torch.Generator().manual_seed(a.seed)
    noise = torch.Generator().manual_seed(a.seed + 2 + rank)
    test_eps = torch.randn(xte.shape[0], a.latent, generator=torch.Generator().manual_seed(a.seed + 1))

    n = xtr.shape[0]
    test = {}
    for epoch in range(1, a.epochs + 1):
        trained.train()
        perm = torch.randperm(n, generator=shuffle)  # the same on every rank
        total = 0.0
        for first in range(0, n, a.batch):
            batch = perm[first:first + a.batch]
            mine = batch[len(batch) * rank // world:len(batch) * (rank + 1) // world]
            x, y = xtr[mine].to(device), ytr[mine].to(device)
            eps = torch.randn(len(mine), a.latent, generator=noise).to(device)
            _, _, loss = trained(x, onehot(y), eps, a.mode)  # through DDP's forward, so its hooks fire
            # Each rank's sum over its slice, over the global batch size, times the processes (DDP
            # averages the gradients): the gradient of the batch's mean loss.
            opt.zero_grad()
            (loss * world / len(batch)).backward()
            opt.step()
            total += loss.item()
        if rank == 0:
            model.eval()
            with torch.no_grad():
                rec = kl = 0.0
                for i in range(0, xte.shape[0], 1000):
                    r, k, _ = loss_parts(model, xte[i:i + 1000].to(device), onehot(yte[i:i + 1000].to(device)),
                                         test_eps[i:i + 1000].to(device), a.mode)
                    rec, kl = rec + r.item(), kl + k.item()
            m = xte.shape[0]
            test = {"epoch": epoch, "train_loss_rank0": total * world / n, "test_loss": (rec + kl) / m,
                    "test_recon": rec / m, "test_kl": kl / m}
            print(json.dumps(test), flush=True)
    if rank == 0:
        meta = metadata_of(a.arch, a.latent, shape, classes, a.cond, a.mode)
        meta.update(epochs=a.epochs, seed=a.seed, test_nelbo="%.6f" % test.get("test_loss", float("nan")),
                    processes=world)
        write_safetensors(a.out, model.state_dict(), meta)  # the unwrapped model: no "module." prefix
        print("wrote %s" % a.out, file=sys.stderr)
    if world > 1:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
