"""
Runs the peer model (SocialFinanceDigitalLabs/cs-demand-model-regional, package `ssda903`,
used unchanged) on a folder of 903 CSV files. PEER_DIR names the folder holding the peer's
`ssda903` package (from `git archive 03e04a0 ssda903`); `bench/rcc/run.sh` sets it up.

Django is NOT installed: the only Django imports in ssda903 are type/helper imports in
ssda903/datastore/_api.py (InMemoryUploadedFile) and ssda903/datastore/_storage.py
(Storage).  We stub those modules in sys.modules before importing ssda903, and use our
own tiny DataStore that opens local CSV files.

Usage:
  python run_peer.py DATA_DIR OUT_DIR REF_START REF_END PRED_START PRED_END [--scenario]
Dates are YYYY-MM-DD; PRED_END may be "none" (=> peer default of +24 months).
"""
import io
import os
import sys
import time
import types
from datetime import date
from pathlib import Path

# ---- stub django (only names imported by ssda903.datastore) ----
for name in ["django", "django.core", "django.core.files",
             "django.core.files.uploadedfile", "django.core.files.storage"]:
    sys.modules.setdefault(name, types.ModuleType(name))
sys.modules["django.core.files.uploadedfile"].InMemoryUploadedFile = object
sys.modules["django.core.files.storage"].Storage = object

sys.path.insert(0, os.environ.get("PEER_DIR", str(Path(__file__).resolve().parent)))

import pandas as pd  # noqa: E402

from ssda903.datacontainer import DemandModellingDataContainer  # noqa: E402
from ssda903.datastore import DataFile, DataStore, Metadata  # noqa: E402
from ssda903.population_stats import PopulationStats  # noqa: E402
from ssda903.predictor import predict  # noqa: E402
from ssda903.costs import convert_population_to_cost, convert_historic_population_to_cost  # noqa: E402
from contextlib import contextmanager  # noqa: E402


class DirDataStore(DataStore):
    def __init__(self, folder):
        self.paths = sorted(Path(folder).glob("*.csv"))

    @property
    def files(self):
        for p in self.paths:
            yield DataFile(name=p.name, metadata=Metadata(name=p.name, size=p.stat().st_size, path=str(p)))

    @contextmanager
    def open(self, file):
        with open(file.metadata.path, "rb") as f:
            yield io.BytesIO(f.read())


def d(s):
    return None if s.lower() == "none" else date.fromisoformat(s)


def main():
    data_dir, out_dir, rs, re_, ps, pe = sys.argv[1:7]
    scenario = "--scenario" in sys.argv
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()

    dc = DemandModellingDataContainer(DirDataStore(data_dir))
    enriched = dc.enriched_view
    la = next((a.split("=",1)[1] for a in sys.argv if a.startswith("--la=")), None)
    if la:  # same as dm_regional_app.utils.apply_filters with filters["la"]=[la]
        enriched = enriched.loc[enriched.LA.astype(str).isin([la])]
    t1 = time.perf_counter()
    print("data_start_date", dc.data_start_date, "data_end_date", dc.data_end_date)
    print("combined_data rows", len(dc.combined_data), "enriched rows", len(enriched))

    stats = PopulationStats(df=enriched, data_start_date=dc.data_start_date,
                            data_end_date=dc.data_end_date)
    params = dict(reference_start_date=d(rs), reference_end_date=d(re_),
                  prediction_start_date=d(ps), prediction_end_date=d(pe))

    rate_adj = num_adj = None
    if scenario:
        # Example levers: halve one exit rate, add to one transition, x1.5 one entry rate
        raw = stats.raw_transition_rates(params["reference_start_date"], params["reference_end_date"])
        ents = stats.daily_entrants(params["reference_start_date"], params["reference_end_date"])
        # pick first exit and first non-exit, non-age transition with a positive rate
        pos = raw[raw > 0]
        exit_key = next(k for k in pos.index if "Not in care" in k[1])
        move_key = next(k for k in pos.index if "Not in care" not in k[1] and k[0] != k[1]
                        and k[0].split(" - ")[0] == k[1].split(" - ")[0])
        rate_adj = pd.DataFrame({"multiply_value": [0.5, None], "add_value": [None, 0.001]},
                                index=pd.MultiIndex.from_tuples([exit_key, move_key]))
        ent_key = ents[ents > 0].index[0][1]
        num_adj = pd.DataFrame({"multiply_value": [1.5], "add_value": [None]}, index=[ent_key])
        print("scenario rate_adjustment:\n", rate_adj, "\nnumber_adjustment:\n", num_adj)
        rate_adj.to_csv(out / "scenario_rate_adjustment.csv")
        num_adj.to_csv(out / "scenario_number_adjustment.csv")

    pred = predict(stats=stats, **params, rate_adjustment=rate_adj, number_adjustment=num_adj)
    t2 = time.perf_counter()

    # --- outputs ---
    enriched.to_csv(out / "enriched_view.csv", index=False)
    stats.stock.to_csv(out / "historic_stock.csv", index_label="date")
    stats.stock_at(params["prediction_start_date"]).rename("population").to_csv(
        out / "initial_population.csv", index_label="bin")
    raw = stats.raw_transition_rates(params["reference_start_date"], params["reference_end_date"])
    raw.to_frame().to_csv(out / "raw_transition_rates.csv")
    ents = stats.daily_entrants(params["reference_start_date"], params["reference_end_date"])
    ents.to_frame().reset_index().assign(**{"from": ""}).to_csv(out / "daily_entry_rates.csv", index=False)
    pred.transition_rates.rename("transition_rate").to_frame().to_csv(out / "model_transition_rates.csv")
    pred.entry_rates.rename("daily_entry_rate").to_csv(out / "model_entry_rates.csv", index_label="to")
    pred.population.to_csv(out / "population_projection.csv", index_label="date")
    pred.variance.to_csv(out / "variance_projection.csv", index_label="date")
    # long form with CI bands by placement category (app: weekly; here daily, same formula)
    pop_long = pred.population.stack().rename("population").to_frame()
    pop_long["variance"] = pred.variance.stack()
    pop_long.index.names = ["date", "bin"]
    pop_long.to_csv(out / "population_projection_long.csv")

    # CI bands exactly as dm_regional_app.utils.weekly_care_type_dfs + care_type_organiser +
    # apply_variances (prediction_chart): weekly = resample("7D").first(); population rounded
    # per bin (half-to-even) before summing by category; band = pop +/- 2*sqrt(sum of variances)
    import numpy as np
    popw = pred.population.copy(); popw.index = pd.to_datetime(popw.index)
    varw = pred.variance.copy(); varw.index = pd.to_datetime(varw.index)
    popw = popw.resample("7D").first().round(); varw = varw.resample("7D").first()
    recs = []
    for ct in ["Fostering", "Residential", "Supported", "Other", "Total"]:
        cols = [c for c in popw.columns if ("Not in care" not in c if ct == "Total" else ct in c)]
        ps_, vs_ = popw[cols].sum(axis=1), varw[cols].sum(axis=1)
        for dte in popw.index:
            recs.append(dict(date=dte.date(), care_type=ct, pop_size=ps_[dte], variance=vs_[dte],
                             lower=ps_[dte] - 2 * np.sqrt(vs_[dte]), upper=ps_[dte] + 2 * np.sqrt(vs_[dte])))
    pd.DataFrame(recs).to_csv(out / "weekly_population_by_care_type_ci.csv", index=False)

    # transition matrix actually used
    from ssda903.multinomial import MultinomialPredictor
    mp = MultinomialPredictor(
        population=stats.stock_at(params["prediction_start_date"]),
        transition_rates=raw.copy(), transition_numbers=ents.copy(),
        start_date=params["prediction_start_date"])
    mp.matrix.to_csv(out / "transition_matrix_base.csv")

    props, hist_pop = stats.placement_proportions(params["reference_start_date"], params["reference_end_date"])
    props.rename("proportion").to_csv(out / "placement_proportions.csv", index_label="cost_item")
    costs = convert_population_to_cost(pred, props, None, None, inflation=scenario,
                                       inflation_rate=0.1 if scenario else None)
    costs.costs.to_csv(out / "forecast_costs_daily.csv", index_label="date")
    costs.summary_table.to_csv(out / "forecast_costs_quarterly.csv", index_label="quarter")
    costs.proportional_population.to_csv(out / "forecast_population_by_cost_item.csv", index_label="date")
    costs.cost_summary.rename("cost_per_week").to_csv(out / "cost_per_week.csv", index_label="cost_item")
    hist_costs = convert_historic_population_to_cost(hist_pop, None)
    hist_pop.to_csv(out / "historic_population_by_cost_item.csv", index_label="date")
    hist_costs.to_csv(out / "historic_costs_daily.csv", index_label="date")
    t3 = time.perf_counter()
    print(f"timings: load+prepare {t1-t0:.3f}s, stats+predict {t2-t1:.3f}s, outputs+costs {t3-t2:.3f}s, total {t3-t0:.3f}s")


if __name__ == "__main__":
    main()
