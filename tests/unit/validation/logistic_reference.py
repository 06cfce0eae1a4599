# An independent logistic regression for tests/unit/validation/regression-set.test.ts: plain
# Newton-Raphson on the unstandardised design with numpy (no code shared with src/lib/validation).
# stdin: a loan CSV (id, leaf columns, default); stdout: JSON {leaves, intercept, beta, weights}
# with weights = -beta / sum(-beta).
import sys, json, csv, io
import numpy as np
text = sys.stdin.read()
rows = list(csv.reader(io.StringIO(text)))
head = rows[0]
leaves = [c for c in head if c not in ('id', 'default')]
data = [r for r in rows[1:] if r]
X = np.array([[float(r[head.index(c)]) for c in leaves] for r in data])
y = np.array([float(r[head.index('default')]) for r in data])
Z = np.hstack([np.ones((len(y), 1)), X])
b = np.zeros(Z.shape[1])
for _ in range(100):
    p = 1 / (1 + np.exp(-(Z @ b)))
    step = np.linalg.solve(Z.T @ (Z * (p * (1 - p))[:, None]), Z.T @ (y - p))
    b += step
    if np.max(np.abs(Z @ step)) < 1e-13: break
beta = b[1:]
print(json.dumps({"leaves": leaves, "intercept": b[0], "beta": beta.tolist(), "weights": (-beta / np.sum(-beta)).tolist()}))
