"""Invented-identity name pools, by family background.

The names are ordinary given names and surnames, combined at random, so no generated person is a
real one. The pools are wide on purpose: a redactor trained or tested only on Anglo names fails the
families that children's services most often under-serve. Several pools hold names that are also
everyday words ("Summer", "Hope", "Will", "Mark", "Grace", "Brook"; "Brown", "Hill", "Baker"),
because those are what a gazetteer-free recogniser finds hardest, and the notes also use the same
words in their ordinary sense.

Each background lists female and male given names for children and for adults (a 2010s birth
cohort is named differently from its parents) and surnames. ``ETHNICITY_BACKGROUNDS`` gives the
share of each background within an ONS top-level ethnic group.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NamePool:
    """Given names and surnames for one background."""

    child_f: tuple[str, ...]
    child_m: tuple[str, ...]
    adult_f: tuple[str, ...]
    adult_m: tuple[str, ...]
    surnames: tuple[str, ...]


def _t(words: str) -> tuple[str, ...]:
    return tuple(words.split())


BRITISH = NamePool(
    child_f=_t(
        "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Willow Evie Ella "
        "Poppy Florence Daisy Sienna Ruby Summer Hope Rose Amber Jade Holly Phoebe Harper Millie "
        "Maisie Lacey Tayla Kacey Leah Chloe Megan Ellie Scarlett Erin Lola Skye Faith Bonnie "
        "Paige Courtney Demi Brooke Macie Lexi Darcie Ebony Imogen Matilda Esme Harriet Violet "
        "Autumn Brook Star Honey Harmony Tilly Nevaeh Kelsey Abbie Niamh Cerys Seren Eilidh"
    ),
    child_m=_t(
        "Oliver George Noah Arthur Harry Leo Jack Charlie Oscar Jacob Alfie Freddie Theo Archie "
        "Thomas Henry Joshua William Mason Tyler Kayden Riley Reece Kai Callum Connor Jayden "
        "Brandon Liam Dylan Ethan Logan Louie Frankie Tommy Ronnie Stanley Albert Reggie Teddy "
        "Finley Bobby Jenson Harvey Lewis Kyle Jordan Corey Jake Ellis Rhys Owen Lucas Max Sonny "
        "Will Mark Hunter Chase Reed Ray Dean Rocco Brody Cody Grayson Ollie Jamie Aaron"
    ),
    adult_f=_t(
        "Sarah Emma Claire Kerry Lisa Donna Leanne Kirsty Stacey Nicola Gemma Jade Chelsea Shannon "
        "Natalie Rebecca Hannah Laura Amy Jodie Danielle Michelle Tracey Joanne Helen Samantha "
        "Louise Charlotte Katie Lauren Zoe Kayleigh Becky Jenna Sophie Rachel Karen Julie Dawn "
        "Carly Hayley Toni Kelly Sharon Angela Joanne Marie Amber Summer Hope Grace Rose April "
        "Holly Faith Joy Robyn Sian Rhian Bethan Catrin Fiona Morag Ailsa Kirsteen Shona"
    ),
    adult_m=_t(
        "Darren Lee Craig Wayne Scott Jason Mark Paul Steven Stephen Dean Carl Shane Ryan Gavin "
        "Adam Daniel Michael Christopher Matthew Andrew David James Richard Robert John Gary "
        "Kevin Neil Jamie Aaron Luke Kieran Jordan Kyle Liam Ashley Nathan Ben Tom Will Rob "
        "Frank Bill Guy Ray Rob Terry Barry Glen Dale Owain Gareth Rhys Dafydd Callum Alistair "
        "Euan Fraser Hamish Duncan Graeme"
    ),
    surnames=_t(
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
        "Walker White Roberts Green Hall Wood Jackson Clarke Hill Baker Harris Lewis Young King "
        "Bird Fox Marsh Cook Bell Page Lamb Moon Church Ward Bishop Long Sharp Little Love Day "
        "Knight Mason Field Stone Wolf Swan Rose Hope Parker Carter Porter Hunter Fisher "
        "Shepherd Cooper Rich Best Cross Frost Snow Winter Summers May Holt Dunn Lowe Hurst "
        "Pickles Brookes Rourke Armstrong Robson Ashworth Sykes Howarth Tait Jenkins Whitfield "
        "Pickering Wilkinson Blackwood Kerr Dobson Stanton Hale Greenwood Ashby Chambers Grant "
        "Atkinson Nolan Birch Platt Haigh Crowther Barraclough Shaw Hartley Heap Moss Naylor "
        "Ogden Pearson Rowley Sutcliffe Thornton Wainwright Whittaker Lister Fairbairn Kirkby "
        "Morgan Hughes Price Rees Griffiths Powell Lloyd Pritchard Campbell Stewart Murray "
        "Henderson Ross Mackenzie Fraser Reid Cameron Brook Gardner Butcher Hayes Bull Cox "
        "Bradley Holmes Marshall Tyler Barker Dawson Hodgson Lord Kemp Cartwright Webster"
    ),
)

IRISH = NamePool(
    child_f=_t("Niamh Aoife Ciara Saoirse Roisin Siobhan Orla Clodagh Erin Grainne Maeve Aisling"),
    child_m=_t("Ciaran Cian Oisin Darragh Padraig Conor Sean Eoin Ronan Tadhg Cillian Fionn"),
    adult_f=_t("Siobhan Roisin Bernadette Mairead Sinead Colette Geraldine Noreen Aine Bridget"),
    adult_m=_t("Declan Padraig Seamus Brendan Niall Eamon Liam Fergal Colm Kieran Dermot"),
    surnames=_t(
        "McCarthy O'Brien O'Neill Doyle Murphy Kelly Flanagan Byrne Ryan Walsh O'Connor "
        "Gallagher Doherty Quinn McDonald Callaghan Brennan Keane Lynch Nolan Mulligan Kavanagh "
        "McLaughlin O'Sullivan Fitzgerald Maguire Hegarty Cassidy Devlin"
    ),
)

POLISH = NamePool(
    child_f=_t("Zofia Zuzanna Hanna Julia Maja Oliwia Lena Alicja Wiktoria Amelia Natalia Nikola"),
    child_m=_t("Jakub Kacper Szymon Filip Antoni Jan Mikołaj Wojciech Igor Oskar Bartosz Emil"),
    adult_f=_t("Agnieszka Katarzyna Joanna Magdalena Anna Ewa Marta Monika Dorota Justyna Beata"),
    adult_m=_t("Tomasz Piotr Paweł Marcin Krzysztof Łukasz Michał Grzegorz Marek Dariusz Adam"),
    surnames=_t(
        "Nowak Kowalski Wiśniewska Wójcik Kowalczyk Kamińska Lewandowski Zieliński Szymańska "
        "Woźniak Dąbrowski Kozłowska Jankowski Mazur Kwiatkowski Krawczyk Kaczmarek Piotrowski "
        "Grabowska Zając Pawlak Michalski Król Wieczorek Jabłoński Nowicka Majewski Olszewski"
    ),
)

ROMANIAN = NamePool(
    child_f=_t("Denisa Elena Andreea Bianca Ioana Maria Alexia Daria Ana Sofia Medeea Raluca"),
    child_m=_t("Alexandru Andrei Darius Luca David Matei Ionut Stefan Mihai Rares Sebastian"),
    adult_f=_t("Ioana Mihaela Florentina Gabriela Loredana Roxana Cristina Nicoleta Simona"),
    adult_m=_t("Florin Vasile Ionel Marius Constantin Gheorghe Costel Adrian Cosmin Bogdan"),
    surnames=_t(
        "Popescu Marin Ionescu Dumitru Stan Stoica Gheorghe Rusu Munteanu Lazar Matei Ciobanu "
        "Constantin Florea Dinu Moldovan Serban Tudor Balan Radu"
    ),
)

BALTIC = NamePool(
    child_f=_t("Emilija Gabija Austėja Ugnė Kamilė Liepa Sofija Milda Anete Elza"),
    child_m=_t("Matas Jokūbas Lukas Dominykas Nojus Kajus Markus Rihards Edgars Dovydas"),
    adult_f=_t("Rasa Jurgita Inga Laura Kristina Ilona Dace Inese Agnė Vilma"),
    adult_m=_t("Tomas Mindaugas Darius Andrius Janis Aigars Mantas Arturas Vytautas Gintaras"),
    surnames=_t(
        "Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Berzins Ozols Kalnins "
        "Liepins Balodis Paulauskas Urbonas Kavaliauskas"
    ),
)

TURKISH_KURDISH = NamePool(
    child_f=_t("Elif Zeynep Defne Ecrin Azra Selin Nehir Eylul Asya Rojda Berfin Dilan"),
    child_m=_t("Deniz Can Emre Yusuf Eymen Mert Kerem Baran Serhat Rojhat Berat Arda"),
    adult_f=_t("Ayse Fatma Emine Hatice Zeynep Gulsen Sevgi Derya Nurcan Leyla Berivan"),
    adult_m=_t("Mehmet Mustafa Ahmet Kemal Hasan Huseyin Murat Serkan Zeki Dilsad Rezan"),
    surnames=_t(
        "Yilmaz Kaya Demir Sahin Celik Arslan Dogan Ozturk Aydin Ozdemir Kilic Aslan Cetin "
        "Kurt Koc Polat Tekin Erdem Yildiz Akbulut"
    ),
)

PAKISTANI = NamePool(
    child_f=_t("Aisha Maryam Zara Hafsa Inaya Hania Eman Zainab Mahnoor Anaya Safa Alisha Noor"),
    child_m=_t("Muhammad Mohammed Ibrahim Yusuf Ayaan Rayyan Zayan Hamza Musa Ali Haris Zain"),
    adult_f=_t("Nasreen Shazia Rubina Samina Farzana Saima Nadia Bushra Asma Ayesha Shabana"),
    adult_m=_t("Imran Tariq Asif Khalid Naveed Shahid Zahid Irfan Kamran Adnan Faisal Usman"),
    surnames=_t(
        "Hussain Khan Ahmed Ali Iqbal Akhtar Mahmood Shah Rashid Butt Aziz Malik Raja Mirza "
        "Bashir Chaudhry Javed Qureshi Anwar Sadiq Begum-Hussain"
    ),
)

INDIAN = NamePool(
    child_f=_t("Simran Anaya Priya Diya Isha Kiran Navjot Riya Jasleen Aanya Saanvi Mira"),
    child_m=_t("Arjun Aarav Jaskaran Krish Rohan Veer Aryan Dev Gurveer Ishaan Kabir Harjot"),
    adult_f=_t("Rupinder Harpreet Manjit Sunita Anita Kulwinder Parminder Meena Reena Nisha"),
    adult_m=_t("Harjit Sukhdev Rajesh Sanjay Amrik Jaswinder Baljit Vikram Dilip Kuldip"),
    surnames=_t(
        "Patel Singh Kaur Sharma Gill Sandhu Dhillon Sidhu Mistry Varma Patel-Singh Chauhan "
        "Bains Johal Parmar Lal Raman Mehta Joshi Desai Thakkar Sahota"
    ),
)

BANGLADESHI = NamePool(
    child_f=_t("Tasnim Sumaiya Raisa Nusrat Afia Tahmina Sadia Jannat Ruqayyah Mehjabin"),
    child_m=_t("Rahim Sami Abdullah Tanvir Rayhan Arif Sakib Fahim Ismail Adam Zakaria"),
    adult_f=_t("Rehana Shirin Salma Nazma Fatema Shamima Rokeya Jesmin Hasina Parveen"),
    adult_m=_t("Abdul Jamal Shafiq Anwar Kamal Mizanur Habibur Mohiuddin Abul Nurul"),
    surnames=_t(
        "Begum Miah Uddin Rahman Islam Ahmed Chowdhury Hoque Hossain Khatun Ullah Sarkar "
        "Talukdar Alam"
    ),
)

CHINESE = NamePool(
    child_f=_t("Xiaoling Yuxin Meiling Jiayi Lily Zixuan Ruoxi Chloe Yiting Siyu"),
    child_m=_t("Yuxuan Haoran Zihan Jun Ethan Ming Jason Kai Tianyi Zhiwei"),
    adult_f=_t("Mei Li Na Ying Hui Xia Fang Yan Lan Jing"),
    adult_m=_t("Jun Wei Gang Lei Qiang Bo Tao Hong Jian Chao"),
    surnames=_t("Chen Wang Li Zhang Liu Yang Huang Zhao Wu Zhou Lin Xu Sun Ma Zhu Guo He Lam"),
)

VIETNAMESE = NamePool(
    child_f=_t("Linh Anh Mai Ngoc Thao Hoa Vy Trang"),
    child_m=_t("Minh Duc Huy Bao Khoa Nam Long Quang"),
    adult_f=_t("Lan Huong Thuy Hanh Dung Phuong Nga Loan"),
    adult_m=_t("Tuan Hung Dung Thanh Hai Son Cuong Vinh"),
    surnames=_t("Nguyen Tran Le Pham Hoang Vu Dang Bui Do Ngo"),
)

NIGERIAN = NamePool(
    child_f=_t(
        "Amara Chioma Adaeze Ifeoma Temitope Oluwaseun Ayomide Precious Blessing Favour Praise "
        "Mercy Goodness Peace Joy Tobiloba Ebunoluwa Chidinma Adanna Kemi Deborah Esther"
    ),
    child_m=_t(
        "Chidi Tobi Seun Ayo Emeka Chinedu Tunde Femi Kelechi Gift Samuel David Daniel Joshua "
        "Oluwadamilare Ifeanyi Obinna Kayode Somto Victor Divine Marvellous"
    ),
    adult_f=_t("Ngozi Folake Funmi Bisi Adaobi Nkechi Yetunde Chiamaka Omolara Titilayo Grace"),
    adult_m=_t("Babatunde Olu Chukwuemeka Oluwaseun Adewale Segun Kunle Ikenna Chinedu Femi"),
    surnames=_t(
        "Okonkwo Adeyemi Adebayo Okafor Adeleke Adebisi-Jones Bankole Ogunleye Okoro Adeyinka "
        "Eze Nwosu Balogun Olaniyan Afolabi Oyelaran Ogundipe Obi Chukwu Onyekachi Akinola"
    ),
)

GHANAIAN = NamePool(
    child_f=_t("Abena Akosua Ama Efua Adwoa Esi Afia Yaa Maame Nana"),
    child_m=_t("Kwame Kofi Kojo Kwabena Yaw Kwaku Jaden Fiifi Nana Kwesi"),
    adult_f=_t("Akosua Abena Adjoa Comfort Gifty Patience Charity Dzifa Afua"),
    adult_m=_t("Kwame Kofi Kwasi Emmanuel Ebenezer Kwabena Yaw Kweku"),
    surnames=_t("Mensah Asante Boateng Owusu Osei Appiah Agyeman Darko Ofori Amoah Acheampong"),
)

SOMALI = NamePool(
    child_f=_t("Ifrah Hodan Sahra Amina Hibo Ayan Faduma Nimco Sagal Ubah Deeqa Filsan"),
    child_m=_t("Abdi Mohamed Abdirahman Ahmed Liban Mustafe Hamza Said Khalid Yahye Guled"),
    adult_f=_t("Hodan Sahra Fadumo Halima Khadra Asha Ubah Maryan Hawa Ladan"),
    adult_m=_t("Abdirahman Abdi Farah Mohamed Ahmed Hassan Yusuf Omar Abdullahi Osman"),
    surnames=_t(
        "Warsame Abdi Mohamed Farah Yusuf Hassan Ali Omar Jama Osman Ahmed Nur Aden Ismail "
        "Mohamud Egal"
    ),
)

CARIBBEAN = NamePool(
    child_f=_t("Jada Kiara Shanice Tiana Aaliyah Nia Imani Jamila Destiny Leah Chantelle Keisha"),
    child_m=_t("Jaden Malachi Jermaine Tyrese Marcus Isaiah Kai Elijah Nathaniel Reuben Kemar"),
    adult_f=_t("Marcia Sonia Beverley Yvonne Paulette Natasha Simone Sharlene Claudette Joy"),
    adult_m=_t("Winston Delroy Leroy Errol Clive Marlon Dwayne Trevor Lloyd Courtney"),
    surnames=_t(
        "Campbell Williams Brown Thompson Clarke Francis Grant Henry Bailey Richards Gordon "
        "Lewis Reid Samuels Edwards Bell Forbes Douglas Charles"
    ),
)

CENTRAL_AFRICAN = NamePool(
    child_f=_t("Grace Merveille Divine Ruth Esther Blessing Precious Tendai Chipo Rudo Nyasha"),
    child_m=_t("Exauce Glody Christian Patrick Tinashe Tatenda Farai Blessing Kudzai Ruvimbo"),
    adult_f=_t("Chantal Clarisse Beatrice Tendai Rumbidzai Nyasha Fadzai Esperance"),
    adult_m=_t("Jean-Pierre Patrice Didier Tafadzwa Tapiwa Munyaradzi Innocent Prosper"),
    surnames=_t(
        "Kabila Mbuyi Ilunga Tshibanda Moyo Ncube Dube Sibanda Chikwanha Mutasa Kamara Conteh "
        "Sesay Bangura Koroma"
    ),
)

ARAB = NamePool(
    child_f=_t("Aaliyah Maryam Layla Nour Yasmin Jana Lina Hala Rania Salma Reem Dana"),
    child_m=_t("Mohammed Ahmed Omar Ali Yousef Karim Adam Hamza Khalil Zaid Mustafa Rami"),
    adult_f=_t("Fatima Amira Rasha Huda Samira Leila Mariam Nadia Hanan Suha"),
    adult_m=_t("Ahmed Khalid Mahmoud Tariq Walid Hussein Bilal Sami Nabil Osama"),
    surnames=_t(
        "Al-Rashid Al-Hassan Haddad Khalil Nasser Mansour Saleh Hamdan Aziz Darwish Youssef "
        "Habib Khoury Ibrahim Abbas Said Mahmoud Al-Amin"
    ),
)

AFGHAN_IRANIAN = NamePool(
    child_f=_t("Mahsa Parisa Zahra Shabnam Roya Fereshteh Arezoo Sahar Nazanin Yalda"),
    child_m=_t("Arash Reza Omid Farhad Ahmad Mohammad Hamid Javad Sina Kian"),
    adult_f=_t("Fariba Shirin Mina Leila Farideh Maryam Soraya Zohreh"),
    adult_m=_t("Hamid Reza Ahmad Karim Mahmoud Jamshid Nasir Bahram Ghulam"),
    surnames=_t(
        "Ahmadi Hosseini Rezaei Karimi Mohammadi Rahimi Sultani Haidari Naziri Popal Safi "
        "Noori Amiri Sadeghi"
    ),
)

POOLS: dict[str, NamePool] = {
    "british": BRITISH,
    "irish": IRISH,
    "polish": POLISH,
    "romanian": ROMANIAN,
    "baltic": BALTIC,
    "turkish_kurdish": TURKISH_KURDISH,
    "pakistani": PAKISTANI,
    "indian": INDIAN,
    "bangladeshi": BANGLADESHI,
    "chinese": CHINESE,
    "vietnamese": VIETNAMESE,
    "nigerian": NIGERIAN,
    "ghanaian": GHANAIAN,
    "somali": SOMALI,
    "caribbean": CARIBBEAN,
    "central_african": CENTRAL_AFRICAN,
    "arab": ARAB,
    "afghan_iranian": AFGHAN_IRANIAN,
}

#: Within each ONS top-level group, how often a family has each name background.
ETHNICITY_BACKGROUNDS: dict[str, tuple[tuple[str, float], ...]] = {
    "white": (
        ("british", 0.80),
        ("irish", 0.05),
        ("polish", 0.07),
        ("romanian", 0.05),
        ("baltic", 0.03),
    ),
    "asian": (
        ("pakistani", 0.40),
        ("indian", 0.30),
        ("bangladeshi", 0.16),
        ("chinese", 0.10),
        ("vietnamese", 0.04),
    ),
    "black": (
        ("nigerian", 0.32),
        ("ghanaian", 0.12),
        ("somali", 0.18),
        ("caribbean", 0.25),
        ("central_african", 0.13),
    ),
    "other": (
        ("arab", 0.40),
        ("turkish_kurdish", 0.30),
        ("afghan_iranian", 0.30),
    ),
}

#: Backgrounds of the second parent of a family recorded as "mixed".
MIXED_PAIRS: tuple[tuple[str, str], ...] = (
    ("british", "caribbean"),
    ("british", "nigerian"),
    ("british", "pakistani"),
    ("british", "indian"),
    ("british", "ghanaian"),
    ("british", "arab"),
    ("british", "chinese"),
    ("irish", "nigerian"),
    ("polish", "british"),
)

#: Given names professionals may have, any background (a workforce is as mixed as its town).
PROFESSIONAL_BACKGROUNDS: tuple[tuple[str, float], ...] = (
    ("british", 0.62),
    ("irish", 0.05),
    ("indian", 0.07),
    ("pakistani", 0.06),
    ("nigerian", 0.06),
    ("caribbean", 0.04),
    ("ghanaian", 0.02),
    ("polish", 0.03),
    ("chinese", 0.02),
    ("arab", 0.02),
    ("turkish_kurdish", 0.01),
)
