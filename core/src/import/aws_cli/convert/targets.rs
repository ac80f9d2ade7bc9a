//! Load-balancer targets: elbv2 describe-target-groups (which load balancers a group serves) and
//! describe-target-health (the targets registered in one group).

use super::*;

impl Cx<'_> {
    /// Adds each target group's registered targets to the load balancers it serves ([`LoadBalancer::targets`]).
    ///
    /// describe-target-health does not print the target group it was asked about (`--target-group-arn` is the
    /// command's argument). Its group is, in order: a `TargetGroupArn` member next to `TargetHealthDescriptions`
    /// (an assembled file); a group whose name or ARN id is a word of the file's path (`my-targets.json`,
    /// `target-health/73e2d6bc24d8a067.json`), said in a warning; the snapshot's only target group, said in a
    /// warning. Otherwise the targets are ignored with a warning. Targets AWS sends no traffic to (`draining`,
    /// `unused`: the group is not used by a listener) are left out.
    pub(super) fn targets(
        &mut self,
        t: &mut Topology,
        groups: Vec<Item<dto::TargetGroup>>,
        health: Vec<Item<dto::TargetHealthDescription>>,
    ) {
        let groups = self.dedup(groups, "TargetGroups", "TargetGroupArn", |g| {
            g.target_group_arn.as_deref()
        });
        let mut warned: HashSet<usize> = HashSet::new();
        for item in health {
            let doc = item.doc;
            let label = self.label(doc).to_string();
            let group = match item.owner.as_deref() {
                Some(arn) => groups
                    .iter()
                    .find(|(id, _)| id == arn)
                    .map(|(id, g)| (id, g, None)),
                None => group_in_path(&groups, &label)
                    .map(|(id, g)| (id, g, Some("its file name")))
                    .or(match groups.as_slice() {
                        [(id, g)] => Some((id, g, Some("the snapshot's only target group"))),
                        _ => None,
                    }),
            };
            let Some((group_id, group, how)) = group else {
                if warned.insert(doc) {
                    let why = match &item.owner {
                        Some(arn) => format!("belong to `{arn}`, which the snapshot does not describe (add the describe-target-groups output)"),
                        None => format!("do not say which target group they belong to, and the snapshot has {} target groups, none named in the file name (put `TargetGroupArn` next to `TargetHealthDescriptions`, or the group's name in the file name)", groups.len()),
                    };
                    self.warn(
                        codes::DANGLING,
                        &label,
                        "TargetHealthDescriptions",
                        format!("the targets in `{label}` {why}; ignored"),
                    );
                }
                continue;
            };
            if let Some(how) = how {
                if warned.insert(doc) {
                    self.warn(
                        codes::DANGLING,
                        &label,
                        "TargetHealthDescriptions",
                        format!("the targets in `{label}` do not say which target group they belong to; taken as `{group_id}` from {how}"),
                    );
                }
            }
            let Some(target) = item
                .v
                .target
                .as_ref()
                .and_then(|x| non_empty(&x.id))
                .map(str::to_string)
            else {
                self.missing(group_id, "TargetHealthDescriptions[].Target.Id", doc);
                continue;
            };
            let state = item
                .v
                .target_health
                .as_ref()
                .and_then(|h| non_empty(&h.state))
                .map(norm);
            if let Some(s @ ("draining" | "unused")) = state.as_deref() {
                self.inactive("load-balancer target", &target, s, doc);
                continue;
            }
            let lbs = group.v.load_balancer_arns.clone().unwrap_or_default();
            if lbs.is_empty() {
                self.warn(
                    codes::DANGLING,
                    group_id,
                    "LoadBalancerArns",
                    format!("target group `{group_id}` serves no load balancer; its target `{target}` in `{label}` is ignored"),
                );
                continue;
            }
            for arn in lbs {
                match t.load_balancers.iter_mut().find(|lb| lb.id == arn) {
                    Some(lb) => push_unique(&mut lb.targets, target.clone()),
                    None => self.warn(
                        codes::DANGLING,
                        group_id,
                        "LoadBalancerArns",
                        format!("target group `{group_id}` serves `{arn}`, which the snapshot does not describe; its target `{target}` in `{label}` is ignored"),
                    ),
                }
            }
        }
    }
}

/// The target group whose name, or the hex id at the end of its ARN, is a whole word of `label` (a path).
fn group_in_path<'a>(
    groups: &'a [(String, Item<dto::TargetGroup>)],
    label: &str,
) -> Option<(&'a String, &'a Item<dto::TargetGroup>)> {
    let words: Vec<&str> = label
        .split(['/', '\\', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    let has_word = |w: &str| {
        words.contains(&w)
            || words
                .iter()
                .any(|x| x.split(['_', ' ']).any(|part| part == w))
    };
    groups
        .iter()
        .find(|(arn, g)| {
            let name = non_empty(&g.v.target_group_name)
                .map(str::to_string)
                .or_else(|| arn.split('/').nth(1).map(str::to_string));
            let hex = arn
                .rsplit('/')
                .next()
                .filter(|h| !h.is_empty() && h.len() >= 8);
            name.as_deref().is_some_and(has_word) || hex.is_some_and(has_word)
        })
        .map(|(id, g)| (id, g))
}
