# An independent logistic regression for tests/unit/validation/regression-set.test.ts: plain
# Newton-Raphson on the unstandardised design in standard-library Python (no numpy, so the test
# needs nothing beyond python3; no code shared with src/lib/validation). Each step solves the
# normal equations by Gaussian elimination with partial pivoting.
# stdin: a loan CSV (id, leaf columns, default); stdout: JSON {leaves, intercept, beta, weights}
# with weights = -beta / sum(-beta). An optional argument is a ridge penalty lambda: the
# penalty (lambda / 2) sum_j gamma_j^2 on the standardised coefficients gamma_j = beta_j sd_j
# (sd with divisor n; the intercept is not penalised) is (lambda / 2) sum_j sd_j^2 beta_j^2 on
# this unstandardised design, so it adds lambda sd_j^2 to the Hessian's diagonal and
# -lambda sd_j^2 beta_j to the gradient.
import csv, io, json, math, sys


def solve(a, b):
    """x with a x = b (a square, copied), Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for k in range(n):
        p = max(range(k, n), key=lambda i: abs(m[i][k]))
        m[k], m[p] = m[p], m[k]
        for i in range(k + 1, n):
            f = m[i][k] / m[k][k]
            for j in range(k, n + 1):
                m[i][j] -= f * m[k][j]
    x = [0.0] * n
    for i in reversed(range(n)):
        x[i] = (m[i][n] - sum(m[i][j] * x[j] for j in range(i + 1, n))) / m[i][i]
    return x


text = sys.stdin.read()
rows = list(csv.reader(io.StringIO(text)))
head = rows[0]
leaves = [c for c in head if c not in ('id', 'default')]
data = [r for r in rows[1:] if r]
Z = [[1.0] + [float(r[head.index(c)]) for c in leaves] for r in data]
y = [float(r[head.index('default')]) for r in data]
k = len(Z[0])
ridge = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0
n = len(Z)
var = [0.0] + [
    sum(z[j] ** 2 for z in Z) / n - (sum(z[j] for z in Z) / n) ** 2 for j in range(1, k)
]
b = [0.0] * k
for _ in range(100):
    eta = [sum(z[j] * b[j] for j in range(k)) for z in Z]
    p = [1 / (1 + math.exp(-e)) for e in eta]
    w = [q * (1 - q) for q in p]
    hess = [
        [sum(Z[r][i] * Z[r][j] * w[r] for r in range(n)) + (ridge * var[i] if i == j else 0.0) for j in range(k)]
        for i in range(k)
    ]
    grad = [sum(Z[r][i] * (y[r] - p[r]) for r in range(n)) - ridge * var[i] * b[i] for i in range(k)]
    step = solve(hess, grad)
    b = [b[j] + step[j] for j in range(k)]
    if max(abs(sum(z[j] * step[j] for j in range(k))) for z in Z) < 1e-13:
        break
beta = b[1:]
total = sum(-x for x in beta)
print(json.dumps({"leaves": leaves, "intercept": b[0], "beta": beta, "weights": [-x / total for x in beta]}))
