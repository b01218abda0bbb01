import json, glob, sys, numpy as np
sys.path.insert(0,'/work/main')
import newsclust.split as m
from sklearn.linear_model import LogisticRegression
rows=[]; labels=[]; meta=[]
orig = m.Splitter._standalone
for f in sorted(glob.glob('/work/shared/data/*/dumps/*.txt')):
    t=open(f).read(); gold={x['start'] for x in json.load(open(f[:-4]+'.gold.json'))}
    def hook(self, line, previous, following):
        if following:
            feats = m.standalone_features(line, previous, following)
            if feats is not None:
                rows.append(feats); labels.append(any(abs(line.start-g)<=3 for g in gold)); meta.append((f.split('/')[-1], line.text[:60]))
        return orig(self, line, previous, following)
    m.Splitter._standalone = hook
    m.Splitter().split(t)
names=list(rows[0]); X=np.array([[r[n] for n in names] for r in rows]); y=np.array(labels)
print(len(y), y.sum())
for C in [0.3,1,3]:
    lr=LogisticRegression(C=C,max_iter=2000).fit(X,y)
    p=lr.predict(X); tp=(p&y).sum(); print(C,'P',tp/p.sum(),'R',tp/y.sum())
lr=LogisticRegression(C=1,max_iter=2000).fit(X,y)
print('bias',lr.intercept_)
for n,w in zip(names,lr.coef_[0]): print(f'{n:20} {w:+.2f}  cur {m._STANDALONE_WEIGHTS[n]:+.1f}')
