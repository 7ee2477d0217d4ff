//! The vocabulary the rows are made of. Every list is fixed: the output depends on its order.

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Aisha",
    "Alejandro",
    "Amara",
    "Andrei",
    "Ana",
    "Arjun",
    "Beatriz",
    "Ben",
    "Carlos",
    "Chen",
    "Chloe",
    "Daniel",
    "Dmitri",
    "Elena",
    "Emeka",
    "Emma",
    "Fatima",
    "Felix",
    "Grace",
    "Hana",
    "Hiroshi",
    "Ibrahim",
    "Ines",
    "Isabella",
    "Jamal",
    "Jonas",
    "Julia",
    "Kavya",
    "Kenji",
    "Laila",
    "Leon",
    "Liam",
    "Lucia",
    "Mateo",
    "Maya",
    "Mei",
    "Mohammed",
    "Nadia",
    "Noah",
    "Olga",
    "Omar",
    "Priya",
    "Rafael",
    "Rosa",
    "Sakura",
    "Samuel",
    "Sara",
    "Sofia",
    "Tariq",
    "Thandiwe",
    "Tomas",
    "Valentina",
    "Wei",
    "Yara",
    "Yusuf",
    "Zanele",
    "Zoe",
];

pub(crate) const LAST_NAMES: &[&str] = &[
    "Adeyemi",
    "Ahmed",
    "Alvarez",
    "Andersson",
    "Bauer",
    "Becker",
    "Chen",
    "Costa",
    "Dubois",
    "Fernandez",
    "Fischer",
    "Garcia",
    "Gonzalez",
    "Gupta",
    "Hansen",
    "Hoffmann",
    "Ito",
    "Ivanova",
    "Jensen",
    "Kim",
    "Kowalski",
    "Kumar",
    "Larsen",
    "Lee",
    "Lopez",
    "Martin",
    "Martinez",
    "Mensah",
    "Moreau",
    "Muller",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Oliveira",
    "Patel",
    "Petrov",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Smith",
    "Suzuki",
    "Tanaka",
    "Torres",
    "Wang",
    "Weber",
    "Williams",
    "Yamamoto",
    "Zhang",
];

pub(crate) const EMAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "proton.me",
    "icloud.com",
    "yahoo.com",
    "fastmail.com",
];

/// Real things people ask for a learning plan about. Phrased to read well inside the module
/// and task sentences ("Getting started with {topic}").
pub(crate) const TOPICS: &[&str] = &[
    "Advanced TypeScript",
    "Rust ownership and borrowing",
    "Python for data analysis",
    "React with hooks",
    "Kubernetes fundamentals",
    "Docker and containers",
    "SQL and relational databases",
    "PostgreSQL performance tuning",
    "Machine learning with scikit-learn",
    "Deep learning with PyTorch",
    "Go concurrency",
    "System design interviews",
    "AWS cloud architecture",
    "Linux command line",
    "Git and GitHub workflows",
    "GraphQL APIs",
    "Node.js backend development",
    "Swift and SwiftUI",
    "Kotlin for Android",
    "Data structures and algorithms",
    "Web accessibility",
    "CSS layout with Flexbox and Grid",
    "Terraform infrastructure as code",
    "Statistics for data science",
    "Natural language processing",
    "Computer networking basics",
    "Web application security",
    "Functional programming in Haskell",
    "Digital photography",
    "Spanish for beginners",
    "UX research methods",
    "Product management",
];

/// Module titles, in the order a plan usually runs.
pub(crate) const MODULE_TITLES: &[&str] = &[
    "Getting started with {topic}",
    "Core concepts of {topic}",
    "Hands-on practice with {topic}",
    "Common pitfalls in {topic} and how to avoid them",
    "Building a real project with {topic}",
    "Testing and debugging your {topic} work",
    "Best practices for {topic}",
    "Where to go after the basics of {topic}",
];

pub(crate) const MODULE_DESCRIPTIONS: &[&str] = &[
    "Build a solid mental model of {topic} before moving on.",
    "Work through the ideas that everything else in {topic} builds on.",
    "Turn what you have read about {topic} into working results.",
    "Learn the mistakes most people make with {topic} and the habits that prevent them.",
    "Apply {topic} end to end on something you would actually use.",
];

pub(crate) const TASK_TITLES: &[&str] = &[
    "Read an introduction to {topic}",
    "Watch a walkthrough of {topic} fundamentals",
    "Write down the key ideas of {topic} in your own words",
    "Solve three small exercises on {topic}",
    "Review a real-world example of {topic}",
    "Build a mini project that uses {topic}",
    "Quiz yourself on the vocabulary of {topic}",
    "Compare two approaches to a problem in {topic}",
    "Explain one concept of {topic} to a friend",
    "Refactor an earlier exercise with {topic} best practices",
];

pub(crate) const TASK_DESCRIPTIONS: &[&str] = &[
    "Take notes as you go and list the questions you still have about {topic}.",
    "Aim for understanding, not speed: redo any step of {topic} that felt unclear.",
    "Keep your {topic} solution in a repository so you can come back to it later.",
    "Timebox this task and write one sentence about what it taught you about {topic}.",
];

pub(crate) const TASK_RESOURCE_NOTES: &[&str] = &[
    "Start with the first section; the rest is optional.",
    "Good for a quick refresher before the exercises.",
    "Skim the examples, then try them yourself.",
    "The clearest explanation of this step we found.",
];

pub(crate) const RESOURCE_TAGS: &[&str] = &[
    "beginner",
    "intermediate",
    "advanced",
    "tutorial",
    "reference",
    "video",
    "hands-on",
    "theory",
    "project",
    "interview",
    "free",
    "best-practices",
];

pub(crate) const YOUTUBE_CHANNELS: &[&str] = &[
    "Fireship",
    "freeCodeCamp.org",
    "Traversy Media",
    "The Net Ninja",
    "Computerphile",
    "ThePrimeagen",
    "Corey Schafer",
    "Hussein Nasser",
    "3Blue1Brown",
    "TechWorld with Nana",
];

pub(crate) const MODELS: &[&str] = &[
    "gpt-4o-mini",
    "gpt-4o",
    "claude-3-5-sonnet",
    "gemini-1.5-pro",
];

/// Fills the `{topic}` slot of a template. Every template above has exactly that one slot.
pub(crate) fn fill(template: &str, topic: &str) -> String {
    template.replace("{topic}", topic)
}

/// Lowercase words joined by dashes, for URL paths.
pub(crate) fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_has_exactly_one_topic_slot() {
        for list in [
            MODULE_TITLES,
            MODULE_DESCRIPTIONS,
            TASK_TITLES,
            TASK_DESCRIPTIONS,
        ] {
            for template in list {
                assert_eq!(template.matches("{topic}").count(), 1, "{template}");
                assert!(!fill(template, "Rust").contains(['{', '}']));
            }
        }
    }

    #[test]
    fn lists_are_long_enough_for_the_spec() {
        assert!(TOPICS.len() >= 25);
        assert!(
            MODULE_TITLES.len() >= 6,
            "plans have up to 6 modules with distinct titles"
        );
        assert!(
            TASK_TITLES.len() >= 8,
            "modules have up to 8 tasks with distinct titles"
        );
    }

    #[test]
    fn slug_keeps_only_lowercase_words() {
        assert_eq!(
            slug("Node.js backend development"),
            "node-js-backend-development"
        );
        assert_eq!(slug("  CSS: Flexbox & Grid!"), "css-flexbox-grid");
    }
}
