/* Matrix multiply in int32, int64, float and double (naive and blocked
 * loops, which gcc vectorises at -O2), with checksums of the products. */
#include <stdio.h>
#include <stdint.h>

enum { N = 160 };
static int32_t ia[N][N], ib[N][N], ic[N][N];
static int64_t la[N][N], lc[N][N];
static double da[N][N], db[N][N], dc[N][N], dd[N][N];
static float fa[N][N], fc[N][N];

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            ia[i][j] = (i * 31 + j * 17) % 97 - 48;
            ib[i][j] = (i * 7 + j * 13) % 89 - 44;
            la[i][j] = (int64_t)ia[i][j] * 1000003;
            da[i][j] = (i - j) * 0.125 + 1.0 / (i + j + 1);
            db[i][j] = (i * j % 11) * 0.5 - 2.25;
            fa[i][j] = (float)da[i][j];
        }
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++)
            for (int j = 0; j < N; j++) {
                ic[i][j] += ia[i][k] * ib[k][j];
                lc[i][j] += la[i][k] * ib[k][j];
                dc[i][j] += da[i][k] * db[k][j];
                fc[i][j] += fa[i][k] * (float)db[k][j];
            }
    enum { B = 32 };
    for (int ii = 0; ii < N; ii += B)
        for (int kk = 0; kk < N; kk += B)
            for (int jj = 0; jj < N; jj += B)
                for (int i = ii; i < ii + B; i++)
                    for (int k = kk; k < kk + B; k++)
                        for (int j = jj; j < jj + B; j++) dd[i][j] += da[i][k] * db[k][j];
    int64_t isum = 0, lsum = 0;
    double dsum = 0, ddiff = 0;
    float fsum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            isum += ic[i][j] * (i + 1);
            lsum ^= lc[i][j] + j;
            dsum += dc[i][j] * (j + 1);
            fsum += fc[i][j];
            double diff = dc[i][j] - dd[i][j];
            ddiff += diff < 0 ? -diff : diff;
        }
    printf("int %lld long %lld double %.10e float %.6e blocked diff %.3e\n", (long long)isum, (long long)lsum, dsum,
           (double)fsum, ddiff);
    return 0;
}
