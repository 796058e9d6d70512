//! Truth sources: what workflows really run, which variables and routes the code knows.
