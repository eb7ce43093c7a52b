//! GitHub Actions workflows: `env:` at the top, in each job and in each step. Values that read
//! `${{ secrets.X }}` are references; literal values are definitions (and usually a leak).

use saphyr::MarkedYaml;

use super::yaml;
use crate::model::{Collection, Kind};
use crate::text::Lines;

/// Whether `path` is a workflow file.
pub fn is_workflow(path: &str) -> bool {
    path.contains(".github/workflows/")
}

/// Reads one workflow document.
pub fn collect(c: &mut Collection, path: &str, text: &str, doc: &MarkedYaml<'_>) {
    let lines = Lines::new(text);
    c.texts.insert(path.to_owned(), text.to_owned());
    let mut envs: Vec<(String, &MarkedYaml<'_>)> = Vec::new();
    if let Some(env) = yaml::get(doc, "env") {
        envs.push((path.to_owned(), env));
    }
    if let Some(jobs) = yaml::get(doc, "jobs") {
        for (job, _, body) in yaml::entries(jobs) {
            let scope = format!("{path}#{job}");
            if let Some(env) = yaml::get(body, "env") {
                envs.push((scope.clone(), env));
            }
            if let Some(steps) = yaml::get(body, "steps") {
                for step in yaml::items(steps) {
                    if let Some(env) = yaml::get(step, "env") {
                        envs.push((scope.clone(), env));
                    }
                }
            }
        }
    }
    for (scope, env) in envs {
        for (key, _, value) in yaml::entries(env) {
            let Some(v) = yaml::scalar(value) else {
                continue;
            };
            if v.contains("${{") {
                continue;
            }
            let range = yaml::range(&lines, text, value);
            let raw = text[range.clone()].to_owned();
            super::define_var(
                c,
                key,
                v,
                &raw,
                lines.loc(path, range),
                Kind::Workflow,
                &scope,
                false,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_env_values_only() {
        let text = "env:\n  LIVEKIT_API_KEY: devkey\njobs:\n  test:\n    env:\n      LIVEKIT_API_SECRET: ${{ secrets.LIVEKIT_API_SECRET }}\n    steps:\n      - run: make\n        env:\n          OTHER_TOKEN: Zq8Lx3RfT0aPw9Vn\n";
        let docs = yaml::load(text).unwrap();
        let mut c = Collection::default();
        collect(&mut c, ".github/workflows/ci.yml", text, &docs[0]);
        let got: Vec<(&str, &str, u32)> = c
            .definitions
            .iter()
            .map(|d| (d.name.as_str(), d.scope.as_str(), d.loc.line))
            .collect();
        assert_eq!(
            got,
            [
                ("LIVEKIT_API_KEY", ".github/workflows/ci.yml", 2),
                ("OTHER_TOKEN", ".github/workflows/ci.yml#test", 10),
            ]
        );
    }
}
