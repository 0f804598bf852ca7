/// Name pools for the matching benchmark's synthetic people: common US given and family names
/// across Hispanic, Asian, African-American, European, Middle-Eastern and African origins, some
/// with accents, plus the gendered pairs (Eric/Erica, Mario/Maria) that make relatives' names
/// look alike.
enum MatchingDatasetNames {
    static let male: [String] = [
        "James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph", "Thomas", "Christopher",
        "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Andrew", "Paul", "Joshua",
        "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald", "Jason", "Edward", "Jeffrey", "Ryan",
        "Jacob", "Gary", "Nicholas", "Eric", "Jonathan", "Stephen", "Larry", "Justin", "Scott", "Brandon",
        "Benjamin", "Samuel", "Gregory", "Alexander", "Patrick", "Frank", "Raymond", "Jack", "Dennis", "Jerry",
        "Tyler", "Aaron", "Jose", "Adam", "Nathan", "Henry", "Zachary", "Douglas", "Peter", "Kyle",
        "Noah", "Ethan", "Jeremy", "Walter", "Christian", "Keith", "Roger", "Terry", "Austin", "Sean",
        "Gerald", "Carl", "Harold", "Dylan", "Arthur", "Lawrence", "Jordan", "Jesse", "Bryan", "Billy",
        "Bruce", "Gabriel", "Joe", "Logan", "Albert", "Willie", "Alan", "Eugene", "Russell", "Vincent",
        "Juan", "Carlos", "Luis", "Miguel", "Jorge", "Pedro", "Alejandro", "Francisco", "Ricardo", "Fernando",
        "Javier", "Manuel", "Mario", "Julio", "Antonio", "Diego", "Rafael", "Sergio", "Eduardo", "Roberto",
        "José", "Jesús", "Ramón", "Andrés", "Héctor", "Raúl", "Óscar", "Santiago", "Mateo", "Emilio",
        "Wei", "Jun", "Hiroshi", "Takeshi", "Minh", "Huy", "Jin", "Sung", "Raj", "Arjun",
        "Vikram", "Sanjay", "Amit", "Rahul", "Kenji", "Tuan", "Bao", "Hao", "Jae", "Dong",
        "DeShawn", "Jamal", "Tyrone", "Darnell", "Malik", "Andre", "Terrell", "Marcus", "Reginald", "Darius",
        "Jermaine", "Lamar", "Dwayne", "Cedric", "Rashad", "Kwame", "Chinedu", "Oluwaseun", "Kofi", "Emeka",
        "Mohammed", "Ahmed", "Omar", "Ali", "Hassan", "Yusuf", "Ibrahim", "Karim", "Tariq", "Samir",
        "Louis", "Marco", "Julian", "Adrian", "Ivan", "Dmitri", "Sergei", "Piotr", "Liam", "Owen",
    ]
    static let female: [String] = [
        "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
        "Lisa", "Nancy", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna", "Michelle",
        "Carol", "Amanda", "Dorothy", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia",
        "Kathleen", "Amy", "Angela", "Shirley", "Anna", "Brenda", "Pamela", "Emma", "Nicole", "Helen",
        "Samantha", "Katherine", "Christine", "Debra", "Rachel", "Carolyn", "Janet", "Catherine", "Maria", "Heather",
        "Diane", "Ruth", "Julie", "Olivia", "Joyce", "Virginia", "Victoria", "Kelly", "Lauren", "Christina",
        "Joan", "Evelyn", "Judith", "Megan", "Andrea", "Cheryl", "Hannah", "Jacqueline", "Martha", "Gloria",
        "Teresa", "Ann", "Sara", "Madison", "Frances", "Kathryn", "Janice", "Jean", "Abigail", "Alice",
        "Julia", "Judy", "Sophia", "Grace", "Denise", "Amber", "Doris", "Marilyn", "Danielle", "Beverly",
        "Isabella", "Theresa", "Diana", "Natalie", "Brittany", "Charlotte", "Marie", "Kayla", "Alexis", "Lori",
        "Guadalupe", "Rosa", "Carmen", "Ana", "Lucia", "Sofia", "Valentina", "Camila", "Gabriela", "Daniela",
        "María", "Inés", "Sofía", "Ximena", "Yolanda", "Alejandra", "Veronica", "Adriana", "Paola", "Mariana",
        "Mei", "Li", "Yan", "Xiu", "Hana", "Yuki", "Sakura", "Linh", "Thu", "Mai",
        "Priya", "Ananya", "Deepa", "Sunita", "Kavya", "Ji-woo", "Min-ji", "Seo-yeon", "Hui", "Lan",
        "Keisha", "Latoya", "Tanisha", "Ebony", "Shanice", "Aaliyah", "Imani", "Jasmine", "Tamika", "Precious",
        "Nia", "Zuri", "Amara", "Chioma", "Adaeze", "Fatima", "Aisha", "Layla", "Zainab", "Yasmin",
        "Erica", "Paula", "Louise", "Antonia", "Alexandra", "Patrice", "Roberta", "Mary Ann", "Mary Beth", "Anne Marie",
    ]
    static let last: [String] = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
        "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker",
        "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
        "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Bailey",
        "Reed", "Kelly", "Howard", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Wood", "James",
        "Bennett", "Gray", "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "Powell",
        "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes", "Fisher",
        "O'Brien", "O'Connor", "McDonald", "MacLeod", "St. John", "Van Buren", "De La Cruz", "Del Rio", "D'Angelo", "LaFleur",
        "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez", "Ramirez", "Torres",
        "Flores", "Rivera", "Gomez", "Diaz", "Reyes", "Cruz", "Morales", "Ortiz", "Gutierrez", "Chavez",
        "Ramos", "Ruiz", "Alvarez", "Mendoza", "Castillo", "Jimenez", "Moreno", "Romero", "Herrera", "Medina",
        "García", "Hernández", "Martínez", "Rodríguez", "Pérez", "Sánchez", "Ramírez", "Gómez", "Díaz", "Muñoz",
        "Nguyen", "Tran", "Le", "Pham", "Huynh", "Vo", "Dang", "Bui", "Do", "Ngo",
        "Chen", "Wang", "Li", "Zhang", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou",
        "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim",
        "Patel", "Shah", "Singh", "Kumar", "Sharma", "Gupta", "Reddy", "Rao", "Iyer", "Desai",
        "Tanaka", "Suzuki", "Sato", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Takahashi", "Ito", "Kato",
        "Washington", "Jefferson", "Banks", "Freeman", "Gaines", "Mosley", "Battle", "Dorsey", "Rivers", "Pryor",
        "Okafor", "Adeyemi", "Okonkwo", "Mensah", "Owusu", "Diallo", "Abara", "Eze", "Nwosu", "Balogun",
        "Haddad", "Khalil", "Hussein", "Rahman", "Aziz", "Nasser", "Farah", "Mansour", "Saleh", "Qureshi",
        "Kowalski", "Nowak", "Ivanov", "Petrov", "Novak", "Horvat", "Schmidt", "Muller", "Rossi", "Ferrari",
        "Cohen", "Levy", "Friedman", "Goldberg", "Shapiro", "Katz", "Klein", "Weiss", "Stein", "Rosen",
    ]
    /// Given names a relative could carry that look like another family member's.
    static let lookAlikes: [(String, String)] = [
        ("Eric", "Erica"), ("Paul", "Paula"), ("Louis", "Louise"), ("Daniel", "Daniela"), ("Daniel", "Danielle"),
        ("Gabriel", "Gabriela"), ("Mario", "Maria"), ("Julio", "Julia"), ("Antonio", "Antonia"), ("Alexander", "Alexandra"),
        ("Christopher", "Christine"), ("Christopher", "Christina"), ("Samuel", "Samantha"), ("Patrick", "Patricia"),
        ("Robert", "Roberta"), ("Patrick", "Patrice"), ("Mark", "Mary"), ("Jean", "Joan"), ("Ana", "Anna"), ("Marie", "Maria"),
    ]
    static let emailDomains = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com", "comcast.net", "proton.me"]
    static let areaCodes = [212, 646, 718, 917, 347, 310, 213, 323, 415, 408, 312, 773, 305, 786, 713, 832, 214, 469, 404, 678,
                            602, 480, 617, 857, 206, 303, 215, 267, 702, 503, 512, 210, 619, 858, 313, 248, 612, 651, 314, 504]
}
