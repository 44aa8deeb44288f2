use std::cmp::Ordering;

/// Orders migration versions the way people expect: numeric segments compare as numbers
/// (`2` < `10`, `1.2` < `1.10`), then the text decides, so ids written with different
/// zero-padding still sort sensibly.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let seg = |s: &str| -> Vec<u128> {
        s.split(['.', '_', '-'])
            .map(|p| p.parse::<u128>().unwrap_or(u128::MAX))
            .collect()
    };
    seg(a).cmp(&seg(b)).then_with(|| a.cmp(b))
}

/// Whether two version strings name the same version (`007` and `7`).
pub(crate) fn same_version(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Vec<String> {
        s.split(['.', '_', '-'])
            .map(|p| {
                let t = p.trim_start_matches('0');
                if t.is_empty() {
                    "0".to_string()
                } else {
                    t.to_string()
                }
            })
            .collect()
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_segments_sort_as_numbers() {
        assert_eq!(compare_versions("2", "10"), Ordering::Less);
        assert_eq!(compare_versions("1.2", "1.10"), Ordering::Less);
        assert_eq!(
            compare_versions("20240101120000", "20240101120001"),
            Ordering::Less
        );
        assert!(same_version("007", "7"));
        assert!(same_version("1.2", "1_2"));
        assert!(!same_version("1.2", "1.20"));
    }
}
